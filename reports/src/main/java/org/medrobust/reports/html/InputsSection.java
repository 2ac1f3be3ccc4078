package org.medrobust.reports.html;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ModelInput;

/** Every model and data set with its SHA-256; models also with what they were fed and where each part came from. */
final class InputsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        table(html, "Models", report.models());
        table(html, "Data sets", report.datasets());
    }

    private static void table(StringBuilder html, String title, List<InputIdentity> inputs) {
        boolean fed = inputs.stream().anyMatch(input -> input.input() != null);
        html.append("<section><h2>").append(title).append("</h2>\n<table><tr><th class=\"label\">id</th>")
                .append("<th class=\"label\">kind</th><th class=\"label\">source</th><th class=\"label\">SHA-256</th>")
                .append(fed ? "<th class=\"label\">input (origin)</th>" : "").append("</tr>\n");
        for (InputIdentity input : inputs) {
            html.append("<tr><td class=\"label\">").append(Html.escape(input.id())).append("</td><td class=\"label\">")
                    .append(Html.escape(input.kind())).append("</td><td class=\"label\">")
                    .append(Html.escape(input.source())).append("</td><td class=\"label\"><code>")
                    .append(Html.escape(input.sha256())).append("</code></td>");
            if (fed) {
                html.append("<td class=\"label\">").append(input.input() == null ? "" : describe(input.input()))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table></section>\n");
    }

    /** "1x28x28 (sidecar m.onnx.medrobust.yaml)<br>[0, 1] (default)<br>a,b (the data set)", escaped. */
    private static String describe(ModelInput input) {
        return Stream.of(input.shape(), input.valueRange(), input.classes()).filter(Objects::nonNull)
                .map(part -> Html.escape(part.value()) + " (" + Html.escape(part.origin()) + ")")
                .collect(Collectors.joining("<br>"));
    }
}
