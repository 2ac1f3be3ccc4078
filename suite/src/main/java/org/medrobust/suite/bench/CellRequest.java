package org.medrobust.suite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a child JVM measures: one family at one resolution, the given batch sizes in increasing order, within
 * {@code budgetSeconds} from its start, on {@code device} ({@code cpu} or {@code gpu}). Passed as command-line
 * arguments.
 */
record CellRequest(String family, int resolution, int channels, List<Integer> batches, int repeats,
                   double budgetSeconds, String device) {

    CellRequest {
        batches = batches.stream().sorted().toList();
    }

    List<String> toArgs() {
        return List.of(family, Integer.toString(resolution), Integer.toString(channels),
                String.join(",", batches.stream().map(String::valueOf).toList()), Integer.toString(repeats),
                Double.toString(budgetSeconds), device);
    }

    static CellRequest fromArgs(String[] args) {
        if (args.length != 7) {
            throw new IllegalArgumentException("expected family resolution channels batches repeats budget device, got "
                    + Arrays.toString(args));
        }
        List<Integer> batches = new ArrayList<>();
        for (String b : args[3].split(",")) {
            batches.add(Integer.parseInt(b));
        }
        return new CellRequest(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), batches,
                Integer.parseInt(args[4]), Double.parseDouble(args[5]), args[6]);
    }
}
