package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {

    private static List<SvgLineChart.Series> series(String... names) {
        List<SvgLineChart.Series> series = new ArrayList<>();
        for (String name : names) {
            series.add(new SvgLineChart.Series(name, List.of(new SvgLineChart.Point(0, 0.9, 0.85, 0.95),
                    new SvgLineChart.Point(1, 0.5, Double.NaN, Double.NaN))));
        }
        return series;
    }

    private static int height(String svg) {
        Matcher m = Pattern.compile("height=\"(\\d+)\"").matcher(svg);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void everyLegendEntryLiesInsideTheChartHoweverLongTheNames() {
        String[] names = {"cnn_pneumonia", "vit_pneumonia", "vim_pneumonia", "vmamba_pneumonia",
                "medmamba_pneumonia", "a_user_model_with_a_very_long_release_name_v2026_11_29_final"};
        String svg = SvgLineChart.render("t", "severity", series(names), null);
        int height = height(svg);
        Matcher text = Pattern.compile("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" class=\"cl\">([^<]*)</text>").matcher(svg);
        List<String> legend = new ArrayList<>();
        while (text.find()) {
            double x = Double.parseDouble(text.group(1));
            double y = Double.parseDouble(text.group(2));
            assertThat(y).isLessThan(height);
            if (List.of(names).contains(text.group(3))) {
                legend.add(text.group(3));
                // the glyph estimate errs wide: the entry ends before the right edge unless it is alone on its row
                assertThat(x + text.group(3).length() * 7.2).isLessThanOrEqualTo(560 - 16 + 7.2 * 40);
            }
        }
        assertThat(legend).containsExactly(names);
        assertThat(height).isGreaterThan(height(SvgLineChart.render("t", "severity", series("a", "b"), null)));
    }

    @Test
    void drawsIntervalsOnlyWhereKnownAndIsDeterministic() {
        String svg = SvgLineChart.render("t", "eps", series("a"), ThreatCharts::epsLabel);
        assertThat(svg).containsOnlyOnce("stroke-opacity=\"0.5\"").contains(">0</text>", ">255/255</text>")
                .isEqualTo(SvgLineChart.render("t", "eps", series("a"), ThreatCharts::epsLabel));
        assertThat(ThreatCharts.epsLabel(2 / 255.0)).isEqualTo("2/255");
        assertThat(ThreatCharts.epsLabel(0.5)).isEqualTo("0.5000");
    }
}
