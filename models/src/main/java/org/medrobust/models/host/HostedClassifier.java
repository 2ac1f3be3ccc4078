package org.medrobust.models.host;

import java.util.List;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;

/** Base of every engine host: answers the {@link Classifier} identity questions from one {@link ModelIdentity}. */
public abstract class HostedClassifier implements Classifier {

    protected final ModelIdentity identity;

    protected HostedClassifier(ModelIdentity identity) {
        this.identity = identity;
    }

    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public String id() {
        return identity.id();
    }

    @Override
    public String kind() {
        return identity.kind();
    }

    @Override
    public String sha256() {
        return identity.sha256();
    }

    @Override
    public ImageShape inputShape() {
        return identity.inputShape();
    }

    @Override
    public List<String> classNames() {
        return identity.classNames();
    }
}
