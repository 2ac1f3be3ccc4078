package org.medrobust.datasets.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/** The procedural phantom: determinism, balance, range, identity, and that the lesion class really differs. */
class PhantomDataTest {

    private static final PhantomSpec SMALL = new PhantomSpec(7, 28, 40, 10, 21);
    private static DataSource defaults;

    @BeforeAll
    static void generateDefaultOnce() {
        defaults = PhantomData.generate(PhantomSpec.DEFAULT);
    }

    @Test
    void defaultHasTheDocumentedSplitsShapeAndClasses() {
        assertThat(defaults.name()).isEqualTo("phantom");
        assertThat(defaults.available()).isEqualTo(EnumSet.allOf(Split.class));
        assertThat(defaults.split(Split.TRAIN).size()).isEqualTo(3000);
        assertThat(defaults.split(Split.VAL).size()).isEqualTo(500);
        Dataset test = defaults.split(Split.TEST);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(test.name()).isEqualTo("phantom/test");
        assertThat(test.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(test.classNames()).containsExactly("no_lesion", "lesion");
    }

    @Test
    void everySplitIsExactlyBalancedAndNotSimplyAlternating() {
        for (Split split : Split.values()) {
            ArrayDataset dataset = (ArrayDataset) defaults.split(split);
            assertThat(dataset.classCounts()).as(split.key()).containsExactly(dataset.size() / 2, dataset.size() / 2);
            int[] labels = dataset.labels(0, dataset.size());
            int alternations = 0;
            for (int i = 1; i < labels.length; i++) {
                alternations += labels[i] != labels[i - 1] ? 1 : 0;
            }
            // A seeded shuffle changes label about half the time; a strict alternation would change every time.
            assertThat(alternations).as(split.key()).isBetween(labels.length / 3, 2 * labels.length / 3);
        }
        ArrayDataset odd = (ArrayDataset) PhantomData.generate(SMALL).split(Split.TEST);
        assertThat(odd.classCounts()).containsExactly(10, 11);
    }

    @Test
    void valuesAreFiniteAndInUnitRangeAndUseIt() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (Split split : Split.values()) {
            Dataset dataset = defaults.split(split);
            for (float value : dataset.batch(0, dataset.size()).data()) {
                assertThat(value).isBetween(0f, 1f);
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        assertThat(min).isLessThan(0.05f);
        assertThat(max).isGreaterThan(0.7f);
    }

    @Test
    void generationIsDeterministicAndEachImageRegeneratesAlone() {
        DataSource first = PhantomData.generate(SMALL);
        DataSource second = PhantomData.generate(SMALL);
        for (Split split : Split.values()) {
            Dataset a = first.split(split);
            Dataset b = second.split(split);
            assertThat(b.batch(0, b.size()).data()).containsExactly(a.batch(0, a.size()).data());
            assertThat(b.labels(0, b.size())).containsExactly(a.labels(0, a.size()));
        }
        Dataset test = defaults.split(Split.TEST);
        for (int index : new int[] {0, 1, 499, 999}) {
            assertThat(PhantomData.image(PhantomSpec.DEFAULT, Split.TEST, index).pixels()).as("image %d", index)
                    .containsExactly(test.image(index).pixels());
            assertThat(PhantomData.label(PhantomSpec.DEFAULT, Split.TEST, index)).isEqualTo(test.label(index));
        }
    }

    @Test
    void seedsAndSplitsGiveDifferentImages() {
        DataSource other = PhantomData.generate(new PhantomSpec(8, 28, 40, 10, 21));
        DataSource small = PhantomData.generate(SMALL);
        assertThat(other.split(Split.TRAIN).image(0).pixels()).isNotEqualTo(small.split(Split.TRAIN).image(0).pixels());
        assertThat(small.split(Split.VAL).image(0).pixels()).isNotEqualTo(small.split(Split.TEST).image(0).pixels());
        assertThat(small.split(Split.TRAIN).image(0).pixels()).isNotEqualTo(small.split(Split.TRAIN).image(1).pixels());
    }

    @Test
    void identityCoversSpecAndGeneratorVersion() {
        assertThat(defaults.sha256()).isEqualTo(Sha256.of("medrobust-phantom/v" + PhantomData.GENERATOR_VERSION
                + ";seed=20261126;side=28;train=3000;val=500;test=1000"));
        assertThat(PhantomData.sha256(SMALL)).isNotEqualTo(defaults.sha256());
        assertThat(PhantomData.sha256(new PhantomSpec(20261126, 28, 3000, 500, 999))).isNotEqualTo(defaults.sha256());
    }

    /**
     * Regression fingerprint of version 1 of the drawing. If you change the generator on purpose, bump
     * PhantomData.GENERATOR_VERSION (it changes the data set's identity) and update these numbers.
     */
    @Test
    void generatorVersionOneFingerprint() {
        assertThat(PhantomData.GENERATOR_VERSION).isEqualTo(1);
        Dataset test = defaults.split(Split.TEST);
        double sum = 0;
        for (float value : test.batch(0, test.size()).data()) {
            sum += value;
        }
        assertThat(sum).isCloseTo(FINGERPRINT_TEST_SUM, within(0.05));
        assertThat(test.image(0).at(0, 14, 14)).isCloseTo(FINGERPRINT_PIXEL, within(1e-4f));
        assertThat(test.labels(0, 16)).containsExactly(FINGERPRINT_LABELS);
    }

    @Test
    void scalesToOtherSides() {
        Dataset big = PhantomData.generate(new PhantomSpec(3, 64, 0, 0, 4)).split(Split.TEST);
        assertThat(big.shape()).isEqualTo(new ImageShape(1, 64, 64));
        for (float value : big.batch(0, 4).data()) {
            assertThat(value).isBetween(0f, 1f);
        }
        assertThat(PhantomData.generate(new PhantomSpec(3, 64, 0, 0, 4)).available()).containsExactly(Split.TEST);
    }

    @Test
    void refusesBadSpecs() {
        assertThatThrownBy(() -> new PhantomSpec(1, 8, 10, 10, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("phantom: side 8 is out of range");
        assertThatThrownBy(() -> new PhantomSpec(1, 28, 0, 0, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new PhantomSpec(1, 28, -1, 10, 10)).isInstanceOf(InvalidInputException.class);
    }

    /**
     * The lesion must be there and detectable, but not trivially: a crude local-contrast detector (strongest
     * 3x3-versus-7x7 mean difference inside the body) must separate the classes clearly better than chance (the
     * AUC of a generator that forgot the lesion is 0.5) yet far from perfectly (faint lesions, normal structures and
     * texture fool it). A trained CNN does much better than this detector.
     */
    @Test
    void lesionClassIsDetectableButNotTrivially() {
        Dataset test = defaults.split(Split.TEST);
        double[] scores = new double[test.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = LocalContrast.strongest(test.image(i).pixels(), 28);
        }
        double auc = LocalContrast.auc(scores, test.labels(0, test.size()));
        assertThat(auc).isBetween(0.65, 0.97);
    }

    // Values printed by the generator itself when version 1 was tuned (sum over the default test split, in order).
    private static final double FINGERPRINT_TEST_SUM = 162563.809;
    private static final float FINGERPRINT_PIXEL = 0.52189f;
    private static final int[] FINGERPRINT_LABELS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0};
}
