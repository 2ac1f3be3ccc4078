package org.medrobust.suite.run;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;

/** How one threat family is applied to a batch: the inputs the model finally saw, and its logits on them. */
public interface ThreatApplication {

    BatchResult apply(Classifier model, ImageBatch clean, int[] labels, List<RandomGenerator> randoms);

    /**
     * @param details per image, what the threat recorded about it (see {@code SampleOutcome.details}); an empty list
     *                when it recorded nothing
     * @param nonFiniteIsOutcome true where NaN or infinite logits are a result to count (a hardware fault), not a
     *                failure of the scenario: such a sample gets prediction -1 (wrong, and differing from clean),
     *                confidence 0 and {@code "nonFinite": true} in its details
     */
    record BatchResult(ImageBatch inputs, Logits logits, List<Map<String, Object>> details, boolean nonFiniteIsOutcome) {

        public BatchResult(ImageBatch inputs, Logits logits, List<Map<String, Object>> details) {
            this(inputs, logits, details, false);
        }

        public BatchResult(ImageBatch inputs, Logits logits) {
            this(inputs, logits, List.of());
        }
    }
}
