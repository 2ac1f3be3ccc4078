package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.schema.InputIdentity;

class ModelFactsReaderTest {

    @Test
    void builtInModelsGetTheirCardsFactsAndModelFilesNone() {
        List<ReportContext.ModelFacts> facts = ModelFactsReader.of(List.of(
                new InputIdentity("mine", "djl-resnet", "builtin:cnn_pneumonia", "0".repeat(64), null),
                new InputIdentity("vmamba_pneumonia", "djl-vmamba", "builtin:vmamba_pneumonia", "0".repeat(64), null),
                new InputIdentity("candidate", "onnx", "models/candidate.onnx", "0".repeat(64), null)));
        assertThat(facts).extracting(ReportContext.ModelFacts::id).containsExactly("mine", "vmamba_pneumonia");
        assertThat(facts).extracting(ReportContext.ModelFacts::family).containsExactly("CNN", "VMamba");
        // vmamba_pneumonia.card.json: "parameters" : 514322, "multiplyAddsPerImage" : 44669376
        assertThat(facts.get(1).parameters()).isEqualTo(514_322L);
        assertThat(facts.get(1).multiplyAdds()).isEqualTo(44_669_376L);
        assertThat(facts.get(1).trainedOn()).isEqualTo("pneumoniamnist_28");
        assertThat(ModelFactsReader.family("medmamba")).isEqualTo("MedMamba");
        assertThat(ModelFactsReader.family("something-new")).isEqualTo("something-new");
    }
}
