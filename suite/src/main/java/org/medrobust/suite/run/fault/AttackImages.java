package org.medrobust.suite.run.fault;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.suite.inputs.LoadedData;

/**
 * The Bit-Flip Attack's attack batch under {@code protocol: attackBatch}: the first images of the evaluated data, or,
 * with {@code attackSplit}, images drawn from that other split of the same data entry. The reference
 * ({@code main.py perform_attack}, elliothe/Neural_Network_Weight_Attack) attacks the first batch of a shuffled
 * training loader and evaluates the test set; here the draw is uniform without replacement from the scenario's own
 * random stream (seed, scenario key without the model), so every model of a campaign, every batch unit, a resumed run
 * and a Spark executor get the same images. They are taken in index order (the set is what the draw decides; a
 * loader's order would only reorder the summed loss).
 */
public final class AttackImages {

    private AttackImages() {
    }

    /**
     * @param samples        how many images of the evaluated split the scenario evaluates
     * @param scenarioRandom a fresh generator at the start of the scenario's own stream, each time it is called
     */
    public static IntFunction<BitFlipAttackApplication.AttackData> of(Threat threat, LoadedData data, int samples,
            Supplier<RandomGenerator> scenarioRandom) {
        if (!(threat instanceof BitFlipAttackThreat bitFlips) || bitFlips.attackSplit().isEmpty()) {
            return n -> new BitFlipAttackApplication.AttackData(data.dataset().batch(0, Math.min(n, samples)),
                    data.dataset().labels(0, Math.min(n, samples)), null);
        }
        Split other = bitFlips.attackSplit().get();
        return n -> {
            Dataset split = data.otherSplit(other, bitFlips.attackSplitSetting());
            int[] indices = draw(split.size(), Math.min(n, split.size()), scenarioRandom.get());
            ImageBatch images = ImageBatch.of(Arrays.stream(indices).mapToObj(split::image).toList());
            int[] labels = Arrays.stream(indices).map(split::label).toArray();
            return new BitFlipAttackApplication.AttackData(images, labels, other);
        };
    }

    /** {@code n} distinct indices of {@code 0..size-1}, uniform (a partial Fisher-Yates shuffle), ascending. */
    static int[] draw(int size, int n, RandomGenerator random) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return chosen;
    }
}
