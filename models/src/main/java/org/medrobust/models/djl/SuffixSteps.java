package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's forward pass as a list of steps for {@link SuffixForward}: its {@link Stages} in order, each
 * {@link StagedBlock} among them replaced by its parts. Knows which step first reads each weight tensor.
 */
final class SuffixSteps {

    private final List<StagedBlock.Forward> forwards = new ArrayList<>();
    private final List<Boolean> endsStage = new ArrayList<>();
    private final Map<String, Integer> firstStepOf = new HashMap<>();

    private SuffixSteps() {
    }

    static SuffixSteps of(Block network) {
        SuffixSteps steps = new SuffixSteps();
        Map<String, Integer> stepOfParameterId = new HashMap<>();
        for (Block stage : Stages.of(network).values()) {
            if (stage instanceof StagedBlock staged) {
                List<StagedBlock.Part> parts = staged.parts();
                List<String> missing = StagedBlock.unassigned(stage, parts);
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(stage.getClass().getSimpleName() + "'s parts do not list "
                            + missing);
                }
                for (int p = 0; p < parts.size(); p++) {
                    int step = steps.forwards.size();
                    parts.get(p).parameters().forEach(q -> stepOfParameterId.putIfAbsent(q.getId(), step));
                    steps.add(parts.get(p).forward(), p == parts.size() - 1);
                }
            } else {
                int step = steps.forwards.size();
                stage.getParameters().forEach(q -> stepOfParameterId.putIfAbsent(q.getValue().getId(), step));
                steps.add((store, in, training) -> stage.forward(store, in, training), true);
            }
        }
        for (Pair<String, Parameter> p : network.getParameters()) {
            // a parameter no step claims is read from the start: re-running everything is always correct
            steps.firstStepOf.put(p.getKey(), stepOfParameterId.getOrDefault(p.getValue().getId(), 0));
        }
        return steps;
    }

    private void add(StagedBlock.Forward forward, boolean lastOfStage) {
        forwards.add(forward);
        endsStage.add(lastOfStage);
    }

    int size() {
        return forwards.size();
    }

    /** Whether step {@code s} is the last of one of the network's stages. */
    boolean endsStage(int s) {
        return endsStage.get(s);
    }

    NDList forward(int s, ParameterStore store, NDList input) {
        return forwards.get(s).apply(store, input, false);
    }

    /**
     * Step {@code s} in a scope of its own: its intermediates are freed when it returns, its new output arrays join
     * {@code keep}. An op's result joins its first input's manager, so the input is attached to the step's scope for
     * the step (and returned to its owner after); arrays a step hands on unchanged stay where they were.
     */
    NDList runStep(int s, NDList input, NDManager keep) {
        try (NDManager step = keep.newSubManager()) {
            input.tempAttach(step);
            NDList output = forward(s, new ParameterStore(step, false), input);
            for (NDArray array : output) {
                if (!containsSame(input, array)) {
                    array.attach(keep);
                }
            }
            return output;
        }
    }

    /** Frees the arrays this pass made for {@code previous} that {@code next} does not hand on (never cached ones). */
    static void freeUnused(NDList previous, NDList next, NDManager pass) {
        for (NDArray array : previous) {
            if (array.getManager() == pass && !containsSame(next, array)) {
                array.close();
            }
        }
    }

    private static boolean containsSame(NDList list, NDArray array) {
        for (NDArray a : list) {
            if (a == array) {
                return true;
            }
        }
        return false;
    }

    /**
     * The whole forward pass from {@code input} (in {@code pass}), step by step, each step's intermediates freed when
     * it returns and each step's input once the next step no longer hands it on: the logits of one forward pass,
     * bit for bit, holding one step's intermediates at a time instead of the whole pass's.
     */
    NDArray forwardAll(NDArray input, NDManager pass) {
        NDList current = new NDList(input);
        for (int s = 0; s < size(); s++) {
            NDList previous = current;
            current = runStep(s, current, pass);
            freeUnused(previous, current, pass);
        }
        return current.head();
    }

    int firstStepOf(String tensor) {
        Integer step = firstStepOf.get(tensor);
        if (step == null) {
            throw new IllegalArgumentException("no weight tensor '" + tensor + "'");
        }
        return step;
    }
}
