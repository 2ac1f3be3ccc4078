package org.medrobust.attacks.evasion.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.testing.FixedIdentityClassifier;
import org.medrobust.models.Logits;

/**
 * Both Square attacks against a run of the reference code: {@code square_reference.py} executed
 * max-andr/square-attack's own {@code square_attack_linf} and {@code square_attack_l2} on a fixed 3-class affine model
 * (2 x 16 x 16 inputs, 8 images each, L-inf 8/255 and L2 1.0, 200 iterations, p_init 0.8) and recorded every random
 * draw, every query's margin, the query count and the returned image ({@code square_reference.txt}). Here the same
 * draws are replayed, in the same order, into the Java attack through the per-image generator, and everything must
 * agree: the margin of every query (the reference works in float64, medrobust's images and logits are float32: 1e-4),
 * the queries used (one more here: medrobust counts the clean check), the final margin and the returned image (1e-5),
 * every recorded draw consumed and no other draw made. 5 of 8 images break under L-inf and 6 of 8 under L2, so both
 * the early stop and the whole schedule are covered.
 *
 * <p>Two L2 queries are not compared value for value: there the fresh bump cancels the window's old content exactly
 * ({@code sign * b + old / ||old|| = 0}, an earlier accepted step put {@code -sign * b} there), and the reference
 * normalises float64 rounding noise; medrobust then normalises float32 noise. The script finds those queries from
 * the recorded draws, and both sides must reject them (the script fails if the reference accepted one).
 */
class SquareReferenceRunTest {

    private static final double MARGIN_TOLERANCE = 1e-4;
    private static final double PIXEL_TOLERANCE = 1e-5;

    @Test
    void eachImageAloneRepeatsTheReferenceQueryByQuery() throws IOException {
        Reference reference = Reference.load();
        for (Case c : reference.cases) {
            Affine model = reference.model.recording();
            Replay draws = new Replay(c.draws);
            EvasionAttack.Attacked result = c.attack().attackRecorded(model,
                    new ImageBatch(reference.model.inputShape(), 1, c.x), new int[] {c.label}, List.of(draws));
            String what = c.name + " image " + c.index;
            assertThat(draws.left()).as("%s: draws the Java attack did not consume", what).isZero();
            // the first query is the clean check, which the reference makes outside the attack
            double[] margins = model.margins.subList(1, model.margins.size()).stream().mapToDouble(d -> d).toArray();
            assertThat(margins.length).as("%s: queries after the clean check", what).isEqualTo(c.trace.length);
            double best = Double.POSITIVE_INFINITY;
            for (int q = 0; q < margins.length; q++) {
                if (c.cancelled.contains(q)) {
                    // the reference normalised float64 rounding noise here (sign * b + old / ||old|| = 0): a noise
                    // candidate on both sides, which both must reject
                    assertThat(margins[q]).as("%s: cancelled query %d rejected", what, q).isGreaterThan(best);
                    continue;
                }
                assertThat(margins[q]).as("%s: margin of query %d", what, q).isCloseTo(c.trace[q],
                        within(MARGIN_TOLERANCE));
                best = Math.min(best, margins[q]);
            }
            assertSameOutcome(c, result, 0);
        }
    }

    @Test
    void allImagesInOneBatchGiveTheSameResultsAsAlone() throws IOException {
        Reference reference = Reference.load();
        for (String name : List.of(SquareAttack.ID, SquareAttackL2.ID)) {
            List<Case> cases = reference.cases.stream().filter(c -> c.name.equals(name)).toList();
            int stride = reference.model.inputShape().pixels();
            float[] x = new float[cases.size() * stride];
            int[] labels = new int[cases.size()];
            List<RandomGenerator> draws = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                System.arraycopy(cases.get(i).x, 0, x, i * stride, stride);
                labels[i] = cases.get(i).label;
                draws.add(new Replay(cases.get(i).draws));
            }
            EvasionAttack.Attacked result = cases.getFirst().attack().attackRecorded(reference.model.recording(),
                    new ImageBatch(reference.model.inputShape(), cases.size(), x), labels, draws);
            long broken = 0;
            for (int i = 0; i < cases.size(); i++) {
                assertThat(((Replay) draws.get(i)).left()).isZero();
                assertSameOutcome(cases.get(i), result, i);
                broken += (double) result.details().get(i).get("margin") <= 0 ? 1 : 0;
            }
            assertThat(broken).as("%s: images broken (both outcomes covered)", name).isBetween(1L,
                    cases.size() - 1L);
        }
    }

    private static void assertSameOutcome(Case c, EvasionAttack.Attacked result, int row) {
        String what = c.name + " image " + c.index;
        assertThat(result.details().get(row).get("queries")).as("%s: queries (reference + the clean check)", what)
                .isEqualTo(c.queries + 1);
        double least = Arrays.stream(c.trace).min().orElseThrow();
        assertThat((double) result.details().get(row).get("margin")).as("%s: final margin", what)
                .isCloseTo(least, within(MARGIN_TOLERANCE));
        int stride = c.x.length;
        float[] adv = result.images().data();
        for (int p = 0; p < stride; p++) {
            assertThat((double) adv[row * stride + p]).as("%s: pixel %d", what, p).isCloseTo(c.adv[p],
                    within(PIXEL_TOLERANCE));
        }
    }

    /** The reference's draws, handed out in order; any other draw, or a draw of another kind, fails. */
    private static final class Replay implements RandomGenerator {

        private final Deque<String> draws;
        private int used;

        Replay(List<String> draws) {
            this.draws = new ArrayDeque<>(draws);
        }

        int left() {
            return draws.size();
        }

        private String[] next(String kind) {
            String token = draws.poll();
            if (token == null || !token.startsWith(kind + ":")) {
                throw new AssertionError("the Java attack drew " + kind + " where the reference drew " + token
                        + " (draw " + used + ")");
            }
            used++;
            return token.split(":");
        }

        @Override
        public int nextInt(int bound) {
            String[] t = next("i");
            assertThat(Integer.parseInt(t[1])).as("randint bound").isEqualTo(bound);
            return Integer.parseInt(t[2]);
        }

        @Override
        public double nextDouble() {
            return Double.parseDouble(next("d")[1]);
        }

        /** np.random.choice([-1, 1]) or ([-eps, eps]): true for the positive element. */
        @Override
        public boolean nextBoolean() {
            return next("b")[1].equals("1");
        }

        @Override
        public long nextLong() {
            throw new AssertionError("a draw the reference does not make");
        }
    }

    /**
     * z = W x + b with the reference run's float32 weights, logits in float32 as every medrobust model's; records the
     * margin of row 0 at every call (one image per run in the query-by-query test).
     */
    private static final class Affine extends FixedIdentityClassifier {

        private final double[][] w;
        private final double[] b;
        private final List<Double> margins = new ArrayList<>();
        private int label = -1;

        Affine(ImageShape shape, double[][] w, double[] b) {
            super("affine", "test", "", shape, List.of("a", "b", "c").subList(0, b.length));
            this.w = w;
            this.b = b;
        }

        /** The same model with an empty record. */
        Affine recording() {
            return new Affine(inputShape(), w, b);
        }

        @Override
        public Logits predict(ImageBatch batch) {
            int k = b.length;
            int pixels = inputShape().pixels();
            float[] z = new float[batch.size() * k];
            for (int i = 0; i < batch.size(); i++) {
                for (int c = 0; c < k; c++) {
                    double s = b[c];
                    for (int p = 0; p < pixels; p++) {
                        s += w[c][p] * batch.data()[i * pixels + p];
                    }
                    z[i * k + c] = (float) s;
                }
            }
            Logits logits = new Logits(batch.size(), k, z);
            if (label < 0) {
                label = logits.argmax(0); // the clean check: the reference's label is the clean prediction
            }
            margins.add(SquareSearch.margin(logits, 0, label));
            return logits;
        }
    }

    private record Case(String name, int index, double eps, int iterations, double pInit, int label, float[] x,
            List<String> draws, double[] trace, List<Integer> cancelled, int queries, double[] adv) {

        /** The budget that gives the reference's iterations: its L-inf loop runs n_iters - 1, its L2 n_iters. */
        EvasionAttack attack() {
            return name.equals(SquareAttack.ID) ? new SquareAttack(1, eps, iterations + 1, pInit)
                    : new SquareAttackL2(1, eps, iterations + 2, pInit);
        }
    }

    private record Reference(Affine model, List<Case> cases) {

        static Reference load() throws IOException {
            String text;
            try (InputStream in = SquareReferenceRunTest.class.getResourceAsStream("square_reference.txt")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Affine model = null;
            List<double[]> w = new ArrayList<>();
            List<Case> cases = new ArrayList<>();
            String[] head = null;
            String[] c = null;
            String[] x = null;
            String[] draws = null;
            String[] trace = null;
            String[] cancelled = null;
            String[] queries = null;
            for (String line : text.split("\n")) {
                String[] t = line.trim().split(" ");
                switch (t[0]) {
                    case "model" -> head = t;
                    case "w" -> w.add(numbers(t, 1));
                    case "b" -> model = new Affine(new ImageShape(Integer.parseInt(head[1]),
                            Integer.parseInt(head[2]), Integer.parseInt(head[3])), w.toArray(double[][]::new),
                            numbers(t, 1));
                    case "case" -> c = t;
                    case "x" -> x = t;
                    case "draws" -> draws = t;
                    case "trace" -> trace = t;
                    case "cancelled" -> cancelled = t;
                    case "queries" -> queries = t;
                    case "adv" -> {
                        float[] image = new float[x.length - 1];
                        for (int p = 0; p < image.length; p++) {
                            image[p] = (float) (Integer.parseInt(x[p + 1]) / 255.0);
                        }
                        String name = c[1];
                        int index = (int) cases.stream().filter(k -> k.name.equals(name)).count();
                        cases.add(new Case(name, index, Double.parseDouble(c[2]),
                                Integer.parseInt(c[3]), Double.parseDouble(c[4]), Integer.parseInt(c[5]), image,
                                List.of(draws).subList(1, draws.length), numbers(trace, 1),
                                Arrays.stream(cancelled).skip(1).filter(k -> !k.isEmpty()).map(Integer::valueOf)
                                        .toList(), Integer.parseInt(queries[1]), numbers(t, 1)));
                    }
                    default -> { }
                }
            }
            assertThat(cases).hasSize(16);
            assertThat(cases.stream().mapToInt(k -> k.cancelled.size()).sum()).as("cancelled queries").isEqualTo(2);
            return new Reference(model, cases);
        }

        private static double[] numbers(String[] tokens, double divisor) {
            double[] v = new double[tokens.length - 1];
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.parseDouble(tokens[i + 1]) / divisor;
            }
            return v;
        }
    }
}
