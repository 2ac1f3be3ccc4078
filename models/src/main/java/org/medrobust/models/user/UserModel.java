package org.medrobust.models.user;

import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;

/**
 * A loaded user model and the input spec it was loaded with: every part resolved (none null), each with its origin
 * (a flag, the sidecar, the model's metadata, the data set, or the default), so a report can say what the model was
 * fed and why.
 */
public record UserModel(Classifier classifier, InputSpec input) {
}
