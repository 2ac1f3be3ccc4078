package org.medrobust.reports.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The bench's log-log charts against input resolution, one line per family: latency, memory, FLOPs (PNG). */
public final class EfficiencyCharts {

    public static final String LATENCY = "latency.png";
    public static final String MEMORY = "memory.png";
    public static final String FLOPS = "flops.png";

    private EfficiencyCharts() {
    }

    /** Writes the three charts into {@code dir}. */
    public static void write(BenchReport report, Path dir) {
        save(chart("Forward latency at batch 1 (median)", "ms per call", report, List.of(new Line("", c ->
                c.measured(1).map(BatchTiming::medianMs).orElse(null), false))), dir.resolve(LATENCY));
        int largest = report.settings().largestBatch();
        save(chart("Peak resident memory over the engine baseline", "MB", report, List.of(
                new Line(" b1", c -> c.measured(1).map(t -> increase(c, t)).orElse(null), false),
                new Line(" b" + largest, c -> largest == 1 ? null
                        : c.measured(largest).map(t -> increase(c, t)).orElse(null), true))), dir.resolve(MEMORY));
        save(chart("FLOPs per image (2 x multiply-adds)", "GFLOP", report, List.of(new Line("", c ->
                c.flops() > 0 ? c.flops() / 1e9 : null, false))), dir.resolve(FLOPS));
    }

    private static Double increase(BenchCell cell, BatchTiming timing) {
        return cell.memory() == null ? null : Math.max(1, timing.peakRssMb() - cell.memory().baselineRssMb());
    }

    private record Line(String suffix, Function<BenchCell, Double> value, boolean dashed) {
    }

    private static XYChart chart(String title, String yTitle, BenchReport report, List<Line> lines) {
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title)
                .xAxisTitle("input resolution (px per side, log scale)").yAxisTitle(yTitle + " (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setChartBackgroundColor(Color.WHITE)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        for (String family : report.settings().models()) {
            for (Line line : lines) {
                List<Double> x = new ArrayList<>(), y = new ArrayList<>();
                for (BenchCell cell : report.cells()) {
                    Double v = cell.family().equals(family) ? line.value().apply(cell) : null;
                    if (v != null && v > 0) {
                        x.add((double) cell.resolution());
                        y.add(v);
                    }
                }
                if (!x.isEmpty()) {
                    XYSeries series = chart.addSeries(family + line.suffix(), x, y);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    if (line.dashed()) {
                        series.setLineStyle(SeriesLines.DASH_DASH);
                    }
                }
            }
        }
        return chart;
    }

    private static void save(XYChart chart, Path file) {
        try {
            Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }
}
