package org.medrobust.suite.run;

import java.util.List;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;

/** How one threat family is applied to a batch: the inputs the model finally saw, and its logits on them. */
public interface ThreatApplication {

    BatchResult apply(Classifier model, ImageBatch clean, int[] labels, List<RandomGenerator> randoms);

    record BatchResult(ImageBatch inputs, Logits logits) {
    }
}
