package org.medrobust.suite.inputs;

import org.medrobust.models.Classifier;
import org.medrobust.reports.schema.InputIdentity;

/** A model ready to evaluate, with the identity recorded in results. */
public record LoadedModel(Classifier classifier, InputIdentity identity) {

    public String id() {
        return identity.id();
    }
}
