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
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
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
     * A classifier on saved parameters of {@code architecture}; its sha256 is that of the parameter bytes.
     *
     * @param source how errors name it, e.g. "built-in model cnn_pneumonia"
     */
    public static DjlClassifier load(Architecture architecture, byte[] params, String id, ImageShape shape,
                                     List<String> classNames, String source) {
        NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu());
        try {
            Block net = architecture.build(shape, classNames.size());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, shape.channels(), shape.height(), shape.width()));
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
            ModelIdentity identity = new ModelIdentity(id, architecture.kind(), Sha256.of(params), source, shape,
                    classNames);
            return new DjlClassifier(identity, net, manager, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalStateException(source + ": cannot load its parameters: " + e.getMessage(), e);
        }
    }
}
