package org.medrobust.reports.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's result table, one row per cell, as text cells (for the console and the HTML page alike). */
public final class BenchTable {

    private BenchTable() {
    }

    public static List<String> header(BenchSettings settings) {
        List<String> h = new ArrayList<>(List.of("family", "px", "params", "GFLOP/img", "tokens"));
        for (int b : settings.batches()) {
            h.add("b" + b + " ms (p90)");
        }
        h.addAll(List.of("img/s", "peak MB", "+MB", "status"));
        return h;
    }

    public static List<List<String>> rows(BenchReport report) {
        List<List<String>> rows = new ArrayList<>();
        for (BenchCell c : report.cells()) {
            List<String> row = new ArrayList<>(List.of(c.family(), Integer.toString(c.resolution()),
                    String.format(Locale.ROOT, "%,d", c.parameters()),
                    String.format(Locale.ROOT, "%.3f", c.flops() / 1e9),
                    c.tokens() == null ? "-" : Integer.toString(c.tokens())));
            for (int b : report.settings().batches()) {
                row.add(c.measured(b).map(t -> String.format(Locale.ROOT, "%s (%s)", ms(t.medianMs()), ms(t.p90Ms())))
                        .orElse("skipped"));
            }
            row.add(c.throughput() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.throughput()));
            row.add(c.memory() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.memory().peakRssMb()));
            row.add(c.memory() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.memory().increaseMb()));
            row.add(c.status());
            rows.add(row);
        }
        return rows;
    }

    /** Fixed-width text, for the console. */
    public static String text(BenchReport report) {
        List<List<String>> all = new ArrayList<>();
        all.add(header(report.settings()));
        all.addAll(rows(report));
        int[] width = new int[all.getFirst().size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? String.format("%-" + width[i] + "s", row.get(i))
                        : String.format("  %" + width[i] + "s", row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String ms(Double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
