package org.medrobust.reports.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/** Accuracy against severity for one threat, one line per model, as an embeddable PNG data URI. */
final class AccuracyChart {

    private AccuracyChart() {
    }

    /**
     * @param clean    clean accuracy per model (plotted at severity 0)
     * @param scenario the completed scenarios of one threat on one data set
     */
    static String pngDataUri(String title, Map<String, Double> clean, List<ScenarioResult> scenario) {
        XYChart chart = new XYChartBuilder().width(640).height(360).title(title).xAxisTitle("severity")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setChartBackgroundColor(java.awt.Color.WHITE)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS)
                .setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        Map<String, List<double[]>> byModel = new LinkedHashMap<>();
        clean.forEach((model, accuracy) -> byModel.computeIfAbsent(model, m -> new ArrayList<>())
                .add(new double[] {0, accuracy}));
        for (ScenarioResult s : scenario) {
            if (s.status() == ScenarioStatus.COMPLETED) {
                byModel.computeIfAbsent(s.model(), m -> new ArrayList<>())
                        .add(new double[] {s.severity(), s.metrics().accuracy()});
            }
        }
        byModel.forEach((model, points) -> {
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(model, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + title, e);
        }
    }
}
