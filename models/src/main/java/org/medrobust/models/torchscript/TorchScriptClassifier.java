package org.medrobust.models.torchscript;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.djl.NdArrayWeights;
import org.medrobust.models.host.InputSpec.Declared;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.host.UserModelFile;

/**
 * A user's TorchScript image classifier (torch.jit.trace or script output), run by DJL's PyTorch engine on the
 * device {@link DjlDevices#current()} (the CPU unless --device chose a GPU), with input gradients and writable weights (its named parameters, written in place). Gradients are as for
 * {@link DjlClassifier}; predictions may run from several threads at once, and a weight write waits for running
 * predictions and gradients (a read-write lock), so none sees a half-written tensor.
 */
public final class TorchScriptClassifier extends DjlClassifier implements WritableWeights {

    /**
     * Parameters stay frozen (no trainParam): input gradients need autograd on the input only (see
     * {@link #differentiableForward}), and frozen parameters accumulate no gradients of their own.
     */
    private static final Map<String, String> LOAD_OPTIONS = Map.of("trainParam", "false");

    private final PtSymbolBlock module;
    /**
     * The module's float32 named parameters ({@code named_parameters()}, module order); buffers such as batch-norm
     * running statistics are not parameters and are not listed.
     */
    private final NdArrayWeights parameters;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private TorchScriptClassifier(ModelIdentity identity, Model model) {
        super(identity, model.getBlock(), model.getNDManager(), model);
        this.module = (PtSymbolBlock) model.getBlock();
        this.parameters = new NdArrayWeights(module.getDirectParameters(), false);
    }

    @Override
    public Logits predict(ImageBatch batch) {
        return underReadLock(() -> super.predict(batch));
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels) {
        return underReadLock(() -> super.lossGradient(batch, labels));
    }

    @Override
    public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
        return underReadLock(() -> super.logitGradient(batch, seed));
    }

    private <T> T underReadLock(Supplier<T> call) {
        lock.readLock().lock();
        try {
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public WeightGradient weightGradient(ImageBatch batch, int[] labels) {
        return underReadLock(() -> super.weightGradient(batch, labels));
    }

    @Override
    protected NdArrayWeights weightStore() {
        return parameters;
    }

    @Override
    public List<WeightTensor> tensors() {
        return parameters.tensors();
    }

    @Override
    public float[] read(String name) {
        return underReadLock(() -> parameters.read(name));
    }

    @Override
    public void write(String name, float[] values) {
        lock.writeLock().lock();
        try {
            parameters.write(name, values);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * DJL's block forward turns autograd off unless training, and training switches the module to train mode
     * (dropout on, batch statistics). So the module runs directly with autograd on, staying in eval mode.
     */
    @Override
    protected NDArray differentiableForward(NDManager scope, NDArray input) {
        return IValueUtils.forward(module, new NDList(input), true).head();
    }

    /**
     * Loads a TorchScript file. TorchScript records no input shape, so it must be given; the logit width is found
     * by running one all-zero image.
     *
     * @param shape            the image shape (C, H, W) the model takes; required
     * @param classNamesOrNull class names, as many as the model's logits; null for class_0 ... class_K-1
     * @throws InvalidInputException a one-line message naming the file, when it is missing, not TorchScript, or does
     *                               not map (N, C, H, W) images to (N, K) logits
     */
    public static TorchScriptClassifier load(Path file, ImageShape shape, List<String> classNamesOrNull) {
        return loadDeclared(file, shape == null ? null : new Declared<>(shape, "the caller"), classNamesOrNull);
    }

    /** As {@link #load(Path, ImageShape, List)}, with the shape's origin named when the model rejects it. */
    public static TorchScriptClassifier loadDeclared(Path file, Declared<ImageShape> declared, List<String> classNamesOrNull) {
        byte[] bytes = UserModelFile.read(file);
        if (declared == null) {
            throw new InvalidInputException(file + ": a TorchScript file does not record its input shape; "
                    + "give the image shape (C, H, W)");
        }
        ImageShape shape = declared.value();
        DjlRuntime.ensureOfflineEngine();
        Model model = Model.newInstance(UserModelFile.id(file), DjlDevices.current(), DjlRuntime.ENGINE);
        try {
            try {
                model.load(new ByteArrayInputStream(bytes), LOAD_OPTIONS);
                JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
            } catch (IOException | MalformedModelException | EngineException | ClassCastException e) {
                throw new InvalidInputException(file + ": not a loadable TorchScript model (" + UserModelFile.oneLine(e)
                        + ")", e);
            }
            int classes = probeClasses(model, declared, file);
            ModelIdentity identity = new ModelIdentity(UserModelFile.id(file), "torchscript", Sha256.of(bytes),
                    file.toString(), shape, UserModelFile.classNames(file, classes, classNamesOrNull));
            return new TorchScriptClassifier(identity, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The logit width, from one all-zero image; a model that rejects the shape fails here, not mid-campaign. */
    private static int probeClasses(Model model, Declared<ImageShape> declared, Path file) {
        ImageShape shape = declared.value();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray zeros = scope.zeros(new Shape(1, shape.channels(), shape.height(), shape.width()));
            Shape out = model.getBlock().forward(new ParameterStore(scope, false), new NDList(zeros), false).head().getShape();
            if (out.dimension() != 2 || out.get(0) != 1 || out.get(1) <= 0) {
                throw new InvalidInputException(file + ": the model maps a " + shape + " image to shape " + out
                        + "; expected (1, K) logits");
            }
            return Math.toIntExact(out.get(1));
        } catch (EngineException e) {
            throw new InvalidInputException(file + ": the model cannot take " + shape + " images (shape from "
                    + declared.origin() + "): " + UserModelFile.oneLine(e), e);
        }
    }
}
