package org.medrobust.models.host;

import java.util.List;
import java.util.Optional;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * A model that expects pixel values in another range than the suite's [0, 1] (e.g. [0, 255]): images are mapped
 * onto that range before every forward pass, and input gradients are mapped back by the chain rule
 * (d/dx01 = (max - min) * d/dxModel), so attacks keep working in [0, 1]. Other capabilities pass through unchanged.
 */
public final class RangeScaledClassifier implements Classifier, InputGradients {

    private final Classifier model;
    private final ValueRange range;

    private RangeScaledClassifier(Classifier model, ValueRange range) {
        this.model = model;
        this.range = range;
    }

    /** The model itself when it takes [0, 1], else the model behind the scaling. */
    public static Classifier wrap(Classifier model, ValueRange range) {
        return range.isUnit() ? model : new RangeScaledClassifier(model, range);
    }

    public ValueRange range() {
        return range;
    }

    @Override
    public Logits predict(ImageBatch batch) {
        return model.predict(scaled(batch));
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels) {
        return unscaled(model.capability(InputGradients.class).orElseThrow().lossGradient(scaled(batch), labels));
    }

    @Override
    public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
        return unscaled(model.capability(InputGradients.class).orElseThrow().logitGradient(scaled(batch), seed));
    }

    /** The chain rule back to [0, 1] inputs. */
    private LossGradient unscaled(LossGradient inner) {
        float[] gradient = inner.inputGradient().clone();
        float width = (float) range.width();
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] *= width;
        }
        return new LossGradient(inner.logits(), gradient);
    }

    private ImageBatch scaled(ImageBatch batch) {
        return new ImageBatch(batch.shape(), batch.size(), range.fromUnit(batch.data()));
    }

    /** Input gradients only when the model has them (they are rescaled here); any other capability is the model's. */
    @Override
    public <C extends Capability> Optional<C> capability(Class<C> type) {
        if (type == InputGradients.class) {
            return model.capability(InputGradients.class).map(present -> type.cast(this));
        }
        return model.capability(type);
    }

    @Override
    public String id() {
        return model.id();
    }

    @Override
    public String kind() {
        return model.kind();
    }

    @Override
    public String sha256() {
        return model.sha256();
    }

    @Override
    public ImageShape inputShape() {
        return model.inputShape();
    }

    @Override
    public List<String> classNames() {
        return model.classNames();
    }

    @Override
    public void close() {
        model.close();
    }
}
