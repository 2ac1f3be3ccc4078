package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.CorruptionErrorReport;

class CorruptionErrorHtmlTest {

    @Test
    void rowsInPercentOfTheBaselineWithUndefinedCellsEmptyAndExclusionsNamed() {
        Map<String, Double> ce = new LinkedHashMap<>();
        ce.put("noise", 0.75);
        ce.put("blur", null);
        CorruptionErrorReport report = new CorruptionErrorReport("cnn<1>", "config", List.of(
                new CorruptionErrorReport.Split("d", "test", List.of("noise", "blur"), Map.of("fog", "vim failed"),
                        List.of(new CorruptionErrorReport.Model("vim", 0.2, ce, null, ce, 1.625, 0.25, ce, 1.5625,
                                ce, 0.9166666)))));
        StringBuilder html = new StringBuilder();
        CorruptionErrorHtml.append(html, report);
        assertThat(html.toString()).contains("d/test: corruption error relative to cnn&lt;1&gt; (config)",
                "<th>CE noise</th><th>CE blur</th>",
                "<tr><td class=\"label\">vim</td><td></td><td>162.5</td><td>156.3</td><td>91.7</td><td>75.0</td><td></td></tr>",
                "Not in the means: fog (vim failed).");
        StringBuilder none = new StringBuilder();
        CorruptionErrorHtml.append(none, null);
        assertThat(none).isEmpty();
    }
}
