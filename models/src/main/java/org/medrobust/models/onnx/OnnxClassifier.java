package org.medrobust.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.host.HostedClassifier;
import org.medrobust.models.host.InputSpec.Declared;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.host.UserModelFile;

/**
 * A user's ONNX image classifier, run by ONNX Runtime on the CPU.
 *
 * <p>Weights are writable: a write records new values for a float32 initializer, and the next prediction
 * re-creates the session from the model bytes patched with all written values (see {@link OnnxWeights#patched}).
 * Writing back the original values drops the change, so the model is restored bit for bit.
 *
 * <p>Thread-safety: predictions may run from several threads at once ({@code OrtSession.run} is thread-safe and
 * they share a read lock). Writes and {@link #close()} take the write lock, so they wait for running predictions;
 * a prediction that overlaps a write sees the weights before or after it.
 *
 * <p>The model bytes stay in memory: sessions are created from them, and weight reads decode them. Models with
 * external data files are not supported.
 */
public final class OnnxClassifier extends HostedClassifier implements WritableWeights {

    /** Dynamic-batch models get at most this many images per run, which bounds ONNX Runtime's working memory. */
    private static final int MAX_RUN_BATCH = 256;

    private final OnnxSignature signature;
    private final OnnxWeights weights;
    private final OrtEnvironment env;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, float[]> written = new LinkedHashMap<>();
    private OrtSession session;
    private volatile boolean stale;
    private boolean closed;

    private OnnxClassifier(ModelIdentity identity, OnnxSignature signature, OnnxWeights weights, OrtEnvironment env,
                           OrtSession session) {
        super(identity);
        this.signature = signature;
        this.weights = weights;
        this.env = env;
        this.session = session;
    }

    /**
     * Loads an ONNX model file.
     *
     * @param shapeOrNull      the image shape (C, H, W); required when the model leaves any of them dynamic
     * @param classNamesOrNull class names, as many as the model's logits; null for class_0 ... class_K-1
     * @throws InvalidInputException a one-line message naming the file, when it is missing, not a valid ONNX model,
     *                               or not a single-input float32 (N, C, H, W) to (N, K) classifier
     */
    public static OnnxClassifier load(Path file, ImageShape shapeOrNull, List<String> classNamesOrNull) {
        return loadDeclared(file, shapeOrNull == null ? null : new Declared<>(shapeOrNull, "the given image shape"),
                classNamesOrNull);
    }

    /**
     * Loads an ONNX model file whose image shape was declared by the user (a sidecar, a flag), so that a mismatch
     * names the declaration: "m.onnx: sidecar m.onnx.medrobust.yaml says 3x28x28 but the model's input 'image' is
     * (N,1,28,28)".
     */
    public static OnnxClassifier loadDeclared(Path file, Declared<ImageShape> shapeOrNull, List<String> classNamesOrNull) {
        byte[] model = UserModelFile.read(file);
        String source = file.toString();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = open(env, model);
        } catch (OrtException e) {
            throw new InvalidInputException(source + ": not a valid ONNX model (" + UserModelFile.oneLine(e) + ")", e);
        }
        try {
            OnnxSignature signature = OnnxSignature.read(session, source, shapeOrNull);
            OnnxWeights weights = OnnxWeights.index(model);
            int classes = signature.classes() > 0 ? signature.classes() : probeClasses(env, session, signature);
            ModelIdentity identity = new ModelIdentity(UserModelFile.id(file), "onnx", Sha256.of(model), source,
                    signature.imageShape(), UserModelFile.classNames(file, classes, classNamesOrNull));
            return new OnnxClassifier(identity, signature, weights, env, session);
        } catch (OrtException | ProtoReader.CorruptProtobufException e) {
            closeQuietly(session);
            throw new InvalidInputException(source + ": cannot use the ONNX model (" + UserModelFile.oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** The name of the model's image input, e.g. "image": where its metadata gives the image shape. */
    public String inputName() {
        return signature.inputName();
    }

    private static OrtSession open(OrtEnvironment env, byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return env.createSession(model, options);
        }
    }

    @Override
    public Logits predict(ImageBatch batch) {
        identity.checkBatch(batch);
        int classes = identity.classNames().size();
        float[] logits = new float[batch.size() * classes];
        refreshIfStale();
        lock.readLock().lock();
        try {
            requireOpen();
            int step = signature.fixedBatch() > 0 ? signature.fixedBatch() : MAX_RUN_BATCH;
            for (int from = 0; from < batch.size(); from += step) {
                int rows = Math.min(step, batch.size() - from);
                float[] chunk = run(batch.data(), from, rows, classes);
                System.arraycopy(chunk, 0, logits, from * classes, rows * classes);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(identity.source() + ": ONNX Runtime failed: " + UserModelFile.oneLine(e), e);
        } finally {
            lock.readLock().unlock();
        }
        return new Logits(batch.size(), classes, logits);
    }

    /**
     * Runs images [from, from + rows) of the batch data; a fixed-batch model gets the chunk padded with zero
     * images up to its batch size. Returns rows x classes logits.
     */
    private float[] run(float[] data, int from, int rows, int classes) throws OrtException {
        int pixels = signature.imageShape().pixels();
        int runRows = Math.max(rows, signature.fixedBatch());
        FloatBuffer input = direct(data, from * pixels, rows * pixels, runRows * pixels);
        return runOnce(env, session, signature, input, runRows, output -> {
            if (!(output instanceof OnnxTensor tensor)
                    || !Arrays.equals(tensor.getInfo().getShape(), new long[] {runRows, classes})) {
                throw new InvalidInputException(identity.source() + ": the model output " + output.getInfo()
                        + " is not (" + runRows + ", " + classes + ") float32 logits");
            }
            float[] logits = new float[rows * classes];
            tensor.getFloatBuffer().get(logits);
            return logits;
        });
    }

    /** The logit width of a model that leaves it dynamic, from all-zero images. */
    private static int probeClasses(OrtEnvironment env, OrtSession session, OnnxSignature signature) throws OrtException {
        int rows = Math.max(1, signature.fixedBatch());
        FloatBuffer zeros = direct(new float[0], 0, 0, rows * signature.imageShape().pixels());
        long[] shape = runOnce(env, session, signature, zeros, rows,
                output -> output.getInfo() instanceof TensorInfo info ? info.getShape() : new long[0]);
        if (shape.length != 2 || shape[1] <= 0) {
            throw new InvalidInputException(signature.source() + ": the model output has shape " + Arrays.toString(shape)
                    + "; expected logits (N, K)");
        }
        return (int) shape[1];
    }

    /** Runs the session on one (rows, C, H, W) input and reads its first output before the result is freed. */
    private static <T> T runOnce(OrtEnvironment env, OrtSession session, OnnxSignature signature, FloatBuffer input,
                                 int rows, Function<OnnxValue, T> read) throws OrtException {
        ImageShape shape = signature.imageShape();
        long[] dims = {rows, shape.channels(), shape.height(), shape.width()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, dims);
             OrtSession.Result result = session.run(Map.of(signature.inputName(), tensor))) {
            return read.apply(result.get(0));
        }
    }

    @Override
    public List<WeightTensor> tensors() {
        return weights.tensors();
    }

    @Override
    public float[] read(String name) {
        lock.readLock().lock();
        try {
            float[] values = written.get(name);
            return values != null ? values.clone() : weights.values(name);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void write(String name, float[] values) {
        if (values.length != weights.size(name)) {
            throw new IllegalArgumentException("weight tensor '" + name + "' has " + weights.size(name) + " values, got "
                    + values.length);
        }
        lock.writeLock().lock();
        try {
            requireOpen();
            if (sameBits(values, weights.values(name))) {
                written.remove(name);
            } else {
                written.put(name, values.clone());
            }
            stale = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Re-creates the session once after any number of writes, before the next prediction. */
    private void refreshIfStale() {
        if (!stale) {
            return;
        }
        lock.writeLock().lock();
        try {
            if (!stale || closed) {
                return;
            }
            OrtSession fresh = open(env, weights.patched(written));
            session.close();
            session = fresh;
            stale = false;
        } catch (OrtException e) {
            throw new IllegalStateException(identity.source() + ": cannot re-create the session with written weights: "
                    + UserModelFile.oneLine(e), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * {@code count} values in a direct buffer of {@code capacity} floats, zero beyond them (the padding images of a
     * fixed-batch model). ONNX Runtime uses a direct buffer in place rather than copying it.
     */
    private static FloatBuffer direct(float[] values, int from, int count, int capacity) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return buffer.put(values, from, count).rewind();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing useful to do: the session is unusable either way and its native memory is gone or lost.
        }
    }

    private static boolean sameBits(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(identity.source() + ": the classifier is closed");
        }
    }

    /** Releases the session; later calls fail. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
