package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ModelInput;
import org.medrobust.reports.schema.ModelInput.Part;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

class HtmlReportTest {

    private static ScenarioResult completed(String model, String threat, int severity, int correct) {
        return new ScenarioResult(model + threat + severity, model, "ward", "test", severity == 0 ? "CLEAN" : "PERTURBATION",
                threat, severity, Map.of(), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(100, correct, correct / 100.0, new double[] {0.1, 0.9}, 0, 0, 0, 0), List.of());
    }

    private static CampaignReport report() {
        return new CampaignReport(CampaignReport.SCHEMA, "<script>alert(1)</script>", 1, Map.of(), "ab".repeat(32),
                List.of(new InputIdentity("m<1>", "onnx", "/models/m.onnx", "cd".repeat(32), null,
                        new ModelInput(new Part("1x28x28", "ONNX model input 'image'"),
                                new Part("[0, 255]", "sidecar m.onnx.medrobust.yaml"), new Part("a,b", "the data set")))),
                List.of(new InputIdentity("ward/test", "npz", "ward.npz", "ef".repeat(32), List.of("a", "b"))),
                List.of(completed("m<1>", "clean", 0, 90), completed("m<1>", "gaussian_noise", 1, 85),
                        completed("m<1>", "gaussian_noise", 2, 60),
                        new ScenarioResult("x", "m<1>", "ward", "test", "PERTURBATION", "gaussian_noise", 3, Map.of(),
                                ScenarioStatus.FAILED, "non-finite \"logits\"", null, null)),
                List.of(GateVerdict.of("clean accuracy >= 0.950", "m<1>", false, "accuracy 0.9000 (90/100)")));
    }

    @Test
    void showsAccuracyDropsFailuresAndGatesAndEscapesEverythingItQuotes() {
        String html = HtmlReport.render(report());
        assertThat(html).doesNotContain("<script>", "m<1>")
                .contains("&lt;script&gt;", "m&lt;1&gt;")
                .contains("0.900", "0.850", "-0.050", "-0.300")
                .contains("class=\"bad\"", "class=\"warn\"")
                .contains("failed", "non-finite &quot;logits&quot;")
                .contains("1 failed", "FAIL")
                .contains("data:image/png;base64,")
                .contains("ab".repeat(32), "cd".repeat(32), "ef".repeat(32))
                .contains("<th class=\"label\">input (origin)</th>")
                .contains("1x28x28 (ONNX model input &#39;image&#39;)<br>[0, 255] (sidecar m.onnx.medrobust.yaml)<br>"
                        + "a,b (the data set)");
    }
}
