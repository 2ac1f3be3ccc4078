package org.medrobust.reports.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.stats.ClassificationMetrics;

/**
 * A site's drop from the source site (accuracy, balanced accuracy, AUC) against hand-worked values, against an
 * independent replay of the paired bootstrap, and against the pooled comparison it replaces.
 */
class SourceDropsTest {

    private static final double LEVEL = 0.95;

    /**
     * Six images, labels 0,0,0,1,1,1. Source: class-1 probabilities .1 .2 .3 .7 .8 .9, all right: accuracy, balanced
     * accuracy and AUC 1. Site: .1 .6 .6 .6 .4 .9, predictions 0 1 1 1 0 1: accuracy 3/6, balanced accuracy
     * (1/3 + 2/3)/2 = .5, AUC with two ties 2/3 (WeightedMetricsTest). Drops .5, .5 and 1/3.
     */
    @Test
    void dropsOfAllThreeMetricsByHand() {
        List<SampleOutcome> outcomes = new ArrayList<>();
        int[] labels = {0, 0, 0, 1, 1, 1};
        double[] source = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
        double[] site = {0.1, 0.6, 0.6, 0.6, 0.4, 0.9};
        for (int i = 0; i < 6; i++) {
            outcomes.add(outcome(outcomes.size(), labels[i], source[i], "source", "img" + i));
            outcomes.add(outcome(outcomes.size(), labels[i], site[i], "ward", "img" + i));
        }
        SiteMetrics ward = ShiftStatistics.sites(outcomes, 3, 400).get(1);
        assertThat(ward.site()).isEqualTo("ward");
        SourceDrops drops = ward.versusSource();
        assertThat(drops.source()).isEqualTo("source");
        assertThat(drops.accuracy().drop()).isEqualTo(0.5);
        assertThat(drops.balancedAccuracy().drop()).isEqualTo(0.5);
        assertThat(drops.auc().drop()).isCloseTo(1.0 / 3, within(1e-12));
        for (Difference d : List.of(drops.accuracy(), drops.balancedAccuracy(), drops.auc())) {
            assertThat(d.paired()).isTrue();
            assertThat(d.lower()).isLessThanOrEqualTo(d.drop());
            assertThat(d.upper()).isGreaterThanOrEqualTo(d.drop());
        }
        // the source site is not compared with itself
        assertThat(ShiftStatistics.sites(outcomes, 3, 400).get(0).versusSource()).isNull();
    }

    /**
     * Source all right (accuracy 1), site A half right (.5), site B all wrong (0), four images each. Against the
     * source, A drops .5 and B 1; against the other sites pooled A would drop 0 (source and B pooled: .5), B .75.
     */
    @Test
    void theDropIsFromTheSourceSiteNotFromThePooledOtherSites() {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int label = i % 2;
            outcomes.add(outcome(outcomes.size(), label, label == 1 ? 0.9 : 0.1, "source", "i" + i));
            outcomes.add(outcome(outcomes.size(), label, i < 2 ? (label == 1 ? 0.9 : 0.1) : 0.5 + (label == 1
                    ? -0.3 : 0.3), "a", "i" + i));
            outcomes.add(outcome(outcomes.size(), label, label == 1 ? 0.2 : 0.8, "b", "i" + i));
        }
        List<SiteMetrics> sites = ShiftStatistics.sites(outcomes, 3, 400);
        assertThat(sites).extracting(SiteMetrics::site).containsExactly("a", "b", "source");
        assertThat(sites.get(0).versusSource().accuracy().drop()).isEqualTo(0.5);
        assertThat(sites.get(0).versusOthers().drop()).isEqualTo(0.0);
        assertThat(sites.get(1).versusSource().accuracy().drop()).isEqualTo(1.0);
        assertThat(sites.get(1).versusSource().accuracy().lower()).isEqualTo(1.0); // every image lost at B
        assertThat(sites.get(1).versusOthers().drop()).isEqualTo(0.75);
    }

    /**
     * 40 images; the source gets images 0..29 right, the site the same images but 26..29 (it loses four, gains none):
     * paired, a resample's drop is the share of draws on those four (sd ~ .047); independent, it adds the two sites'
     * binomial spreads (sd ~ .10). The paired interval must be strictly narrower, for every metric.
     */
    @Test
    void thePairedIntervalIsStrictlyNarrowerThanTheIndependentOne() {
        List<SampleOutcome> paired = new ArrayList<>();
        List<SampleOutcome> unpaired = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int label = i % 2;
            double right = label == 1 ? 0.6 + i / 100.0 : 0.4 - i / 100.0;
            double wrong = 1 - right;
            double atSource = i < 30 ? right : wrong;
            double atSite = i < 26 ? right : i < 30 ? wrong : atSource;
            for (boolean withImages : new boolean[] {true, false}) {
                List<SampleOutcome> list = withImages ? paired : unpaired;
                String image = withImages ? "x" + i : null;
                list.add(outcome(list.size(), label, atSource, "source", image));
                list.add(outcome(list.size(), label, atSite, "ward", image));
            }
        }
        SourceDrops p = ShiftStatistics.sites(paired, 11, 2000).get(1).versusSource();
        SourceDrops u = ShiftStatistics.sites(unpaired, 11, 2000).get(1).versusSource();
        assertThat(p.accuracy().drop()).isCloseTo(0.1, within(1e-12));
        assertThat(u.accuracy().drop()).isCloseTo(0.1, within(1e-12));
        assertThat(p.accuracy().paired()).isTrue();
        assertThat(u.accuracy().paired()).isFalse();
        for (int m = 0; m < 3; m++) {
            Difference dp = List.of(p.accuracy(), p.balancedAccuracy(), p.auc()).get(m);
            Difference du = List.of(u.accuracy(), u.balancedAccuracy(), u.auc()).get(m);
            assertThat(dp.upper() - dp.lower()).as("metric %d", m).isLessThan(du.upper() - du.lower());
        }
    }

    /**
     * A site holding 30 of the source site's 40 images (ids x0..x29) and two images of its own (no id). By hand, on
     * the 30 shared images: the source is right on 28 (wrong on x0, x5), the site on 25 (also wrong on x7, x11, x19):
     * paired drop 28/30 - 25/30 = .1. The source's other 10 images (all wrong there) and the site's own two (right)
     * are left out: over all rows the accuracies are 28/40 and 27/32, which would read as a gain of .14.
     */
    @Test
    void aPartialOverlapIsPairedOnTheSharedImagesAndCountsWhatIsLeftOut() {
        int[] labels = new int[40];
        double[] atSource = new double[40];
        double[] atSite = new double[30];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 2;
            double right = labels[i] == 1 ? 0.6 + i / 100.0 : 0.4 - i / 100.0;
            atSource[i] = i < 30 && i != 0 && i != 5 ? right : 1 - right;
            if (i < 30) {
                atSite[i] = List.of(0, 5, 7, 11, 19).contains(i) ? 1 - right : right;
            }
        }
        List<SampleOutcome> outcomes = new ArrayList<>();
        List<SampleOutcome> shared = new ArrayList<>();
        List<SampleOutcome> sharedUnpaired = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            outcomes.add(outcome(outcomes.size(), labels[i], atSource[i], "source", "x" + i));
        }
        // the site lists its images in another order than the source: pairing goes by id, not by position
        for (int i = 29; i >= 0; i--) {
            outcomes.add(outcome(outcomes.size(), labels[i], atSite[i], "ward", "x" + i));
        }
        outcomes.add(outcome(outcomes.size(), 1, 0.9, "ward", null));
        outcomes.add(outcome(outcomes.size(), 0, 0.1, "ward", null));
        for (String site : List.of("source", "ward")) {
            for (int i = 29; i >= 0; i--) {
                double p = site.equals("source") ? atSource[i] : atSite[i];
                shared.add(outcome(shared.size(), labels[i], p, site, "x" + i));
                sharedUnpaired.add(outcome(sharedUnpaired.size(), labels[i], p, site, null));
            }
        }

        SourceDrops drops = ShiftStatistics.sites(outcomes, 11, 2000).get(1).versusSource();
        assertThat(drops.accuracy().drop()).isCloseTo(0.1, within(1e-12));
        assertThat(drops.pairing()).isEqualTo(new Pairing(30, 10, 2));
        for (Difference d : List.of(drops.accuracy(), drops.balancedAccuracy(), drops.auc())) {
            assertThat(d.paired()).isTrue();
        }
        // the same as pairing the 30 shared images alone (the same draws): every bound equal
        SourceDrops alone = ShiftStatistics.sites(shared, 11, 2000).get(1).versusSource();
        assertThat(alone.pairing()).isNull();
        assertThat(List.of(drops.accuracy(), drops.balancedAccuracy(), drops.auc()))
                .isEqualTo(List.of(alone.accuracy(), alone.balancedAccuracy(), alone.auc()));
        // unpaired on the same 60 rows: the same drop, a wider interval for every metric
        SourceDrops unpaired = ShiftStatistics.sites(sharedUnpaired, 11, 2000).get(1).versusSource();
        assertThat(unpaired.accuracy().paired()).isFalse();
        assertThat(unpaired.pairing()).isNull();
        assertThat(unpaired.accuracy().drop()).isCloseTo(0.1, within(1e-12));
        for (int m = 0; m < 3; m++) {
            Difference dp = List.of(drops.accuracy(), drops.balancedAccuracy(), drops.auc()).get(m);
            Difference du = List.of(unpaired.accuracy(), unpaired.balancedAccuracy(), unpaired.auc()).get(m);
            assertThat(dp.upper() - dp.lower()).as("metric %d", m).isLessThan(du.upper() - du.lower());
        }
    }

    /** Sites sharing no image, or one naming an image twice, are compared unpaired over all their samples. */
    @Test
    void noSharedImageOrAnImageTwiceAtOneSiteIsUnpaired() {
        List<SampleOutcome> source = new ArrayList<>();
        List<SampleOutcome> disjoint = new ArrayList<>();
        List<SampleOutcome> twice = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            source.add(outcome(i, i % 2, i % 2 == 1 ? 0.8 : 0.2, "source", "s" + i));
            disjoint.add(outcome(6 + i, i % 2, 0.8, "ward", "t" + i));
            twice.add(outcome(12 + i, i % 2, 0.8, "ward", "s" + (i / 2)));
        }
        for (List<SampleOutcome> site : List.of(disjoint, twice)) {
            SourceDrops drops = SourceComparison.of("source", source, site, 2, LEVEL, 200, 4);
            assertThat(drops.accuracy().paired()).isFalse();
            assertThat(drops.pairing()).isNull();
            assertThat(drops.accuracy().drop()).isCloseTo(0.5, within(1e-12)); // 1 - 3/6 over all samples
        }
    }

    /**
     * The paired bootstrap replayed independently: the same draws of images (SplittableRandom of the same seed, n
     * draws with replacement), each resample materialised as arrays of repeated samples and scored by
     * {@link ClassificationMetrics}; the 2.5 and 97.5 % order statistics must be the reported bounds.
     */
    @Test
    void pairedBoundsEqualAReplayOnMaterialisedResamples() {
        int n = 25;
        SplittableRandom data = new SplittableRandom(9);
        int[] labels = new int[n];
        double[] source = new double[n];
        double[] site = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            source[i] = data.nextInt(10) / 10.0 + 0.05;
            site[i] = data.nextInt(10) / 10.0 + 0.05;
        }
        List<SampleOutcome> from = new ArrayList<>();
        List<SampleOutcome> here = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            from.add(outcome(i, labels[i], source[i], "source", "s" + i));
            here.add(outcome(n + i, labels[i], site[i], "ward", "s" + i));
        }
        long seed = 12345;
        int resamples = 300;
        SourceDrops drops = SourceComparison.of("source", from, here, 2, LEVEL, resamples, seed);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] replay = new double[3][resamples];
        for (int r = 0; r < resamples; r++) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            int[] l = Arrays.stream(idx).map(i -> labels[i]).toArray();
            replay[0][r] = ClassificationMetrics.accuracy(l, predictions(idx, source))
                    - ClassificationMetrics.accuracy(l, predictions(idx, site));
            replay[1][r] = ClassificationMetrics.balancedAccuracy(l, predictions(idx, source), 2)
                    - ClassificationMetrics.balancedAccuracy(l, predictions(idx, site), 2);
            replay[2][r] = ClassificationMetrics.rocAuc(l, probabilities(idx, source))
                    - ClassificationMetrics.rocAuc(l, probabilities(idx, site));
        }
        List<Difference> reported = List.of(drops.accuracy(), drops.balancedAccuracy(), drops.auc());
        for (int m = 0; m < 3; m++) {
            double[] sorted = Arrays.stream(replay[m]).filter(d -> !Double.isNaN(d)).sorted().toArray();
            int last = sorted.length - 1;
            // drops are source minus site: the mirror of the bootstrap's site-minus-source quantiles
            assertThat(reported.get(m).lower()).isCloseTo(sorted[(int) Math.floor((1 - LEVEL) / 2 * last)],
                    within(1e-12));
            assertThat(reported.get(m).upper()).isCloseTo(sorted[(int) Math.ceil((1 + LEVEL) / 2 * last)],
                    within(1e-12));
        }
    }

    private static int[] predictions(int[] idx, double[] positive) {
        return Arrays.stream(idx).map(i -> positive[i] > 0.5 ? 1 : 0).toArray();
    }

    private static double[][] probabilities(int[] idx, double[] positive) {
        return Arrays.stream(idx).mapToObj(i -> new double[] {1 - positive[i], positive[i]}).toArray(double[][]::new);
    }

    /** An outcome whose logits give class-1 probability {@code p} (prediction: the larger class). */
    private static SampleOutcome outcome(int index, int label, double p, String site, String image) {
        int prediction = p > 0.5 ? 1 : 0;
        float logit = (float) Math.log(p / (1 - p));
        return new SampleOutcome(index, label, prediction, prediction, Math.max(p, 1 - p), 0, 0, Map.of(), site,
                List.of(0f, logit), image);
    }
}
