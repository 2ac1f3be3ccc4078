package org.medrobust.suite.run.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.attacks.fault.attack.BitFlipAttack;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.fixtures.TinyData;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.ThreatCatalog;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.ProgressListener;

/**
 * The Bit-Flip Attack's {@code attackSplit} (the reference attacks a batch of training images and evaluates the test
 * set): the search runs on images of the other split, every evaluated image is predicted after each iteration, the
 * parameters say so, and data without that split is refused in one line naming the data and the splits it has.
 */
class AttackSplitCampaignTest {

    @TempDir
    Path tmp;

    private static final String FILE = "/data/tiny.npz";
    private static final int FLIPS = 4;
    private static final int EVALUATED = 48;

    /** The train split: other images than the test split's (another seed), 40 of them. */
    private static final TinyData TRAIN = new TinyData(40, 99);
    private static final TinyData TEST = new TinyData(250, 5);

    /** "g" has writable weights and weight gradients; the data entry has a train and a test split. */
    private static InputLoader loader(Map<Split, Dataset> splits) {
        FaultTestLoader models = new FaultTestLoader("g", id -> new PixelSoftmaxClassifier(id, TinyData.SHAPE));
        return new InputLoader() {
            @Override
            public LoadedModel loadModel(ModelSpec spec) {
                return models.loadModel(spec);
            }

            @Override
            public LoadedData loadData(DataSpec spec) {
                Split split = Split.parse(spec.split());
                Dataset d = splits.get(split);
                int size = spec.limit() == 0 ? d.size() : Math.min(spec.limit(), d.size());
                return new LoadedData("tiny", split, d, size, new InputIdentity("tiny/" + split.key(), "npz", FILE,
                        "5".repeat(64), d.classNames()), new DataSource("tiny", "5".repeat(64), splits));
            }
        };
    }

    private static InputLoader trainAndTest() {
        return loader(Map.of(Split.TRAIN, TRAIN, Split.TEST, TEST));
    }

    private static CampaignConfig config(Map<String, Object> parameters) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("flips", FLIPS, "topK", 4, "protocol", "attackBatch"));
        all.putAll(parameters);
        return new CampaignConfig("bfa-split", 11L, 16, List.of(new DataSpec("builtin:tiny", "test", 0)),
                List.of(ModelSpec.of("builtin:g")), List.of(new ThreatSpec("bit_flip_attack", null, all, null,
                EVALUATED)), List.of());
    }

    private static ScenarioResult attack(CampaignReport report) {
        return report.scenarios().stream().filter(s -> s.threat().equals("bit_flip_attack")).findFirst().orElseThrow();
    }

    /**
     * Oracle: with {@code attackImages} the whole train split (40 images, so the draw must take them all), the
     * campaign's flips are those of a direct search on the train split, which differ from those of a search on the
     * first 40 evaluated (test) images: an attack that ignored the option fails. Every evaluated image's curve is the
     * replay of those flips on the test images.
     */
    @Test
    void theSearchRunsOnTheTrainSplitAndTheTestSplitIsEvaluated() {
        CampaignReport report = new Campaign(config(Map.of("attackImages", 40, "attackSplit", "train")),
                trainAndTest(), ProgressListener.NONE).run(tmp.resolve("run"));
        ScenarioResult attack = attack(report);
        assertThat(attack.status()).isEqualTo(ScenarioStatus.COMPLETED);
        assertThat(attack.parameters()).containsEntry("protocol", "attackBatch").containsEntry("attackImages", 40)
                .containsEntry("attackSplit", "train").containsEntry("labels", "predicted");
        assertThat((String) attack.parameters().get("attackBatch")).startsWith("attackImages images of the data"
                + " entry's train split, drawn uniformly without replacement");
        assertThat(attack.outcomes()).hasSize(EVALUATED);

        List<BitFlipAttack.Flip> onTrain = search(TRAIN.batch(0, 40), TRAIN.labels(0, 40));
        List<BitFlipAttack.Flip> onTest = search(TEST.batch(0, 40), TEST.labels(0, 40));
        assertThat(sites(onTrain)).as("the two splits lead to different searches").isNotEqualTo(sites(onTest));
        assertThat(attack.outcomes().getFirst().details().get("faultSites")).isEqualTo(sites(onTrain));

        BitFlipAttack.Replay replay = BitFlipAttack.replay(new PixelSoftmaxClassifier("g", TinyData.SHAPE), onTrain,
                TEST.batch(0, EVALUATED));
        for (SampleOutcome o : attack.outcomes()) {
            List<?> curve = (List<?>) o.details().get("bfaPredictions");
            for (int k = 0; k < replay.predictions().size(); k++) {
                assertThat(((Number) curve.get(k)).intValue()).as("sample %d after %d", o.index(), k)
                        .isEqualTo(replay.predictions().get(k)[o.index()]);
            }
            assertThat(o.details()).containsEntry("bfaAttackSplit", "train").containsEntry("bfaAttackImages", 40);
        }
    }

    /**
     * Fewer attack images than the split has: a seeded subset (the scenario's stream), the same in two runs (report.json
     * byte-identical) and whatever the batch size; the flips are a direct search on exactly the images drawn.
     */
    @Test
    void aSubsetIsDrawnFromTheScenarioStreamAndRunsAreByteIdentical() throws IOException {
        CampaignConfig config = config(Map.of("attackImages", 12, "attackSplit", "train"));
        CampaignReport one = new Campaign(config, trainAndTest(), ProgressListener.NONE).run(tmp.resolve("one"));
        new Campaign(config, trainAndTest(), ProgressListener.NONE).run(tmp.resolve("two"));
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        String randomKey;
        try (Campaign.Prepared prepared = new Campaign(config, trainAndTest(), ProgressListener.NONE).prepare()) {
            randomKey = prepared.plan().stream().filter(s -> s.threat().id().equals("bit_flip_attack")).findFirst()
                    .orElseThrow().randomKey();
        }
        int[] drawn = AttackImages.draw(40, 12, org.medrobust.suite.run.SampleRandom.of(11L, randomKey, -1));
        List<BitFlipAttack.Flip> direct = search(ImageBatch.of(Arrays.stream(drawn).mapToObj(TRAIN::image).toList()),
                Arrays.stream(drawn).map(TRAIN::label).toArray());
        assertThat(attack(one).outcomes().getFirst().details().get("faultSites")).isEqualTo(sites(direct));

        CampaignConfig oneBatch = new CampaignConfig("bfa-split", 11L, 64, config.data(), config.models(),
                config.threats(), List.of());
        CampaignReport whole = new Campaign(oneBatch, trainAndTest(), ProgressListener.NONE).run(tmp.resolve("b64"));
        assertThat(attack(whole).outcomes()).extracting(SampleOutcome::details)
                .isEqualTo(attack(one).outcomes().stream().map(SampleOutcome::details).toList());
    }

    /** The draw: distinct, ascending, in range, and uniform (each index's frequency within 5 standard deviations). */
    @Test
    void theDrawIsUniformWithoutReplacement() {
        int size = 40;
        int n = 10;
        int draws = 4000;
        int[] counts = new int[size];
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < draws; t++) {
            int[] d = AttackImages.draw(size, n, random);
            assertThat(d).hasSize(n).isSorted().doesNotHaveDuplicates();
            assertThat(d[0]).isGreaterThanOrEqualTo(0);
            assertThat(d[n - 1]).isLessThan(size);
            Arrays.stream(d).forEach(i -> counts[i]++);
        }
        double expected = (double) draws * n / size;
        double sd = Math.sqrt(expected * (1 - (double) n / size));
        for (int i = 0; i < size; i++) {
            assertThat(Math.abs(counts[i] - expected)).as("index %d", i).isLessThan(5 * sd);
        }
        assertThat(AttackImages.draw(size, size, new SplittableRandom(1))).isEqualTo(
                java.util.stream.IntStream.range(0, size).toArray());
    }

    @Test
    void dataWithoutTheSplitOrTheEvaluatedSplitIsRefusedInOneLine() {
        assertThatThrownBy(() -> new Campaign(config(Map.of("attackSplit", "val")), trainAndTest(),
                ProgressListener.NONE).prepare())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: attackSplit val: /data/tiny.npz has no val split (it has train,"
                        + " test)");
        assertThatThrownBy(() -> new Campaign(config(Map.of("attackSplit", "test")), trainAndTest(),
                ProgressListener.NONE).prepare())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: attackSplit test: test is the evaluated split of /data/tiny.npz;"
                        + " attack images must come from another split (it has train, test)");
        // built-in data holds only what it ships (the fixtures' loader: the evaluated split alone)
        assertThatThrownBy(() -> new Campaign(config(Map.of("attackSplit", "train")), FakeInputLoader.healthy(),
                ProgressListener.NONE).prepare())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: attackSplit train: builtin:tiny has no train split (it has test);"
                        + " a built-in data set has only the splits it ships: give a data file with a train split"
                        + " instead (e.g. MedMNIST's pneumoniamnist_28.npz)");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null,
                Map.of("attackSplit", "train"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: attackSplit needs protocol: attackBatch");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null,
                Map.of("protocol", "attackBatch", "attackSplit", "training"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: attackSplit must be train, val or test, got training");
    }

    private static List<BitFlipAttack.Flip> search(ImageBatch images, int[] labels) {
        try (BitFlipAttack.Result result = new BitFlipAttack(FLIPS, 4, -1).run(
                new PixelSoftmaxClassifier("g", TinyData.SHAPE), images, labels, BitFlipAttack.Targets.OWN_PREDICTIONS)) {
            return result.flips();
        }
    }

    private static List<String> sites(List<BitFlipAttack.Flip> flips) {
        List<String> all = new ArrayList<>();
        flips.forEach(f -> f.bits().forEach(b -> all.add(b.toString())));
        return all;
    }
}
