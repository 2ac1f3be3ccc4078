package org.medrobust.attacks.evasion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.gradient.Fgsm;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.testing.FixedIdentityClassifier;

/** A suspect evaluation fails loudly: out-of-range or over-budget images, a claimed success, NaN, unstable logits. */
class AdversarialCheckTest {

    private final LinearClassifier model = new LinearClassifier(3);
    private final PneumoniaFixture.Labelled data = model.data(8, 5);

    /** An attack that returns whatever the test gives it and claims success for every image. */
    private static EvasionAttack returning(float[] images, double eps) {
        return new BaseAttack("fake", 1, new ThreatModel("Linf", eps, false, 1, eps, 1, false, 1)) {
            @Override
            public Set<Class<? extends Capability>> requiredCapabilities() {
                return Set.of();
            }

            @Override
            public Attacked attackRecorded(Classifier m, ImageBatch x, int[] labels, List<RandomGenerator> r) {
                return new Attacked(new ImageBatch(x.shape(), x.size(), images), java.util.Collections.nCopies(
                        x.size(), Map.of("success", true)));
            }

            @Override
            protected String source() {
                return "test";
            }
        };
    }

    private AdversarialCheck.Evaluated run(EvasionAttack attack, Classifier classifier) {
        return AdversarialCheck.run(attack, classifier, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
    }

    @Test
    void successIsDecidedOnTheReturnedImagesNotTakenFromTheAttack() {
        var e = run(returning(data.images().data().clone(), 0.1), model);
        assertThat(e.details()).allSatisfy(d -> assertThat(d).containsEntry("success", false).containsEntry("l0", 0));
    }

    @Test
    void imagesOutsideTheUnitRangeOrBeyondEpsAreRejected() {
        float[] out = data.images().data().clone();
        out[3] = 1.5f;
        assertThatThrownBy(() -> run(returning(out, 1), model)).isInstanceOf(SuspectEvaluationException.class)
                .hasMessageContaining("outside [0, 1]");
        float[] far = data.images().data().clone();
        far[40] += 0.05f;
        assertThatThrownBy(() -> run(returning(far, 0.04), model)).isInstanceOf(SuspectEvaluationException.class)
                .hasMessageContaining("perturbed image 1").hasMessageContaining("beyond eps 0.04");
    }

    @Test
    void logitsThatChangeOnIdenticalInputsAreRejected() {
        Classifier noisy = new FixedIdentityClassifier("dropout_at_test_time", "test", model.sha256(),
                model.inputShape(), model.classNames()) {
            int calls;

            @Override
            public Logits predict(ImageBatch batch) {
                Logits l = model.predict(batch);
                l.values()[0] += ++calls * 1e-3f;
                return l;
            }

        };
        assertThatThrownBy(() -> run(returning(data.images().data().clone(), 0.1), noisy))
                .isInstanceOf(SuspectEvaluationException.class).hasMessageContaining("different logits for identical");
    }

    @Test
    void nanOrAllZeroInputGradientsFailTheEvaluation() {
        LinearClassifier broken = new LinearClassifier(3) {
            @Override
            public LossGradient lossGradient(ImageBatch batch, int[] labels) {
                LossGradient g = super.lossGradient(batch, labels);
                java.util.Arrays.fill(g.inputGradient(), nan ? Float.NaN : 0f);
                return g;
            }
        };
        broken.nan = true;
        assertThatThrownBy(() -> run(new Fgsm(1, 0.01), broken)).isInstanceOf(SuspectEvaluationException.class)
                .hasMessageContaining("non-finite input gradient");
        broken.nan = false;
        assertThatThrownBy(() -> run(new Fgsm(1, 0.01), broken)).isInstanceOf(SuspectEvaluationException.class)
                .hasMessageContaining("all-zero input gradient for every one of 8 images");
    }
}
