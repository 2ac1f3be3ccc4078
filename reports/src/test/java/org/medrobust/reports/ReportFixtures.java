package org.medrobust.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ModelInput;
import org.medrobust.reports.schema.ModelInput.Part;
import org.medrobust.reports.schema.RobustnessCurve;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.stats.WilsonInterval;

/** A small two-model campaign report for renderer tests: a clean pass, a corruption, an attack, a failure, two gates. */
public final class ReportFixtures {

    private ReportFixtures() {
    }

    /** Closes the attribute and the element it lands in, then runs script two ways. */
    public static final String HOSTILE = "m\"'><script>alert(1)</script><img src=x onerror=alert(2)>";

    public static ScenarioResult completed(String model, String family, String threat, int severity, int correct) {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outcomes.add(new SampleOutcome(i, 1, i < correct ? 1 : 0, 1, 0.9, 0, 0));
        }
        return new ScenarioResult(model + threat + severity, model, "ward", "test", family, threat, severity,
                Map.of("eps", 1 / 255.0), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(100, correct, correct / 100.0, WilsonInterval.of95(correct, 100), 0, 0, 0, 0),
                outcomes);
    }

    public static CampaignReport report(String model, String other) {
        return new CampaignReport(CampaignReport.SCHEMA, "<script>alert(1)</script>", 1, Map.of(), "ab".repeat(32),
                List.of(new InputIdentity(model, "onnx", "/models/m.onnx", "cd".repeat(32), null,
                        new ModelInput(new Part("1x28x28", "ONNX model input 'image'"),
                                new Part("[0, 255]", "sidecar m.onnx.medrobust.yaml"), new Part("a,b", "the data set"))),
                        new InputIdentity(other, "djl-cnn", "builtin:" + other, "12".repeat(32), null)),
                List.of(new InputIdentity("ward/test", "npz", "ward.npz", "ef".repeat(32), List.of("a", "b"))),
                List.of(completed(model, "CLEAN", "clean", 0, 90), completed(other, "CLEAN", "clean", 0, 95),
                        completed(model, "PERTURBATION", "gaussian_noise", 1, 85),
                        completed(other, "PERTURBATION", "gaussian_noise", 1, 94),
                        completed(model, "PERTURBATION", "gaussian_noise", 2, 60),
                        completed(model, "EVASION", "pgd_linf", 1, 40),
                        new ScenarioResult("x", model, "ward", "test", "PERTURBATION", "gaussian_noise", 3, Map.of(),
                                ScenarioStatus.FAILED, "non-finite \"logits\" <b>", null, null)),
                List.of(GateVerdict.of("clean accuracy >= 0.950", model + "clean0", false, "accuracy 0.9000 (90/100)"),
                        GateVerdict.of("clean accuracy >= 0.950", other + "clean0", true, "accuracy 0.9500 (95/100)")),
                List.of(new RobustnessCurve(model, "ward", "test", "pgd_linf", "Linf",
                        List.of(new RobustnessCurve.Point(0, 0.9, new double[] {0.8, 0.95}),
                                new RobustnessCurve.Point(1 / 255.0, 0.4, new double[] {0.3, 0.5})))),
                null);
    }
}
