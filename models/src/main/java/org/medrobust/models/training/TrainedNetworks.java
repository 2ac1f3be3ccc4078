package org.medrobust.models.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.host.ModelIdentity;

/** Weights of an {@link Architecture} as bytes (DJL's parameter format) and back as a classifier. */
public final class TrainedNetworks {

    private TrainedNetworks() {
    }

    /** The block's parameters (and batch-norm running statistics) in DJL's format. */
    public static byte[] save(Block net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network's parameters", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Overwrites the parameters (and batch-norm statistics) of {@code target}, an initialised network of
     * {@code architecture}, with the warm-start weights, in place: the arrays keep their gradient attachment, so a
     * trainer already set up on {@code target} trains the copied values.
     *
     * @throws InvalidInputException if the weights are of another architecture or do not fit parameter by parameter
     */
    public static void copyInto(Block target, Architecture architecture, WarmStart start, ImageShape shape,
                                int classes) {
        if (!architecture.name().equals(start.architecture())) {
            throw new InvalidInputException(start.source() + ": initial weights of architecture '"
                    + start.architecture() + "' cannot start a '" + architecture.name() + "' network");
        }
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            Block source = loaded(manager, architecture, start.params(), shape, classes);
            List<Pair<String, Parameter>> from = source.getParameters().stream().toList();
            List<Pair<String, Parameter>> to = target.getParameters().stream().toList();
            if (from.size() != to.size()) {
                throw new InvalidInputException(start.source() + ": initial weights have " + from.size()
                        + " parameter arrays, the network has " + to.size());
            }
            for (int i = 0; i < to.size(); i++) {
                NDArray value = from.get(i).getValue().getArray();
                NDArray array = to.get(i).getValue().getArray();
                if (!value.getShape().equals(array.getShape())) {
                    throw new InvalidInputException(start.source() + ": parameter " + to.get(i).getKey() + " is "
                            + value.getShape() + " in the initial weights but " + array.getShape() + " here (other"
                            + " input shape, class count or configuration?)");
                }
                array.set(value.toByteBuffer());
            }
        } catch (IOException | MalformedModelException e) {
            throw new InvalidInputException(start.source() + ": cannot load its parameters: " + e.getMessage(), e);
        }
    }

    /**
     * A classifier on saved parameters of {@code architecture}; its sha256 is that of the parameter bytes.
     *
     * @param source how errors name it, e.g. "built-in model cnn_pneumonia"
     */
    public static DjlClassifier load(Architecture architecture, byte[] params, String id, ImageShape shape,
                                     List<String> classNames, String source) {
        NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(DjlDevices.current());
        try {
            Block net = loaded(manager, architecture, params, shape, classNames.size());
            ModelIdentity identity = new ModelIdentity(id, architecture.kind(), Sha256.of(params), source, shape,
                    classNames);
            return new DjlClassifier(identity, net, manager, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalStateException(source + ": cannot load its parameters: " + e.getMessage(), e);
        }
    }

    private static Block loaded(NDManager manager, Architecture architecture, byte[] params, ImageShape shape,
                                int classes) throws IOException, MalformedModelException {
        Block net = architecture.build(shape, classes);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, shape.channels(), shape.height(), shape.width()));
        net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
        return net;
    }
}
