package org.medrobust.suite.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.zoo.ShippedModels;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.schema.InputIdentity;

/**
 * The model cards' facts for the report: family, architecture, parameters and multiply-adds of each built-in model
 * (from its shipped card); a model file gets none (the report shows it as a user model). Latency is not measured
 * during a campaign (it would make index.html differ between runs); {@code medrobust bench models} measures it.
 */
public final class ModelFactsReader {

    private static final Map<String, String> FAMILIES = Map.of("cnn", "CNN", "resnet", "CNN", "vit", "ViT",
            "vim", "Vim", "vmamba", "VMamba", "medmamba", "MedMamba");

    private ModelFactsReader() {
    }

    /** "resnet-v1" -> "CNN", "vmamba" -> "VMamba": the card's architecture name up to its first '-' or '_'. */
    static String family(String architecture) {
        String stem = architecture.split("[-_]", 2)[0];
        return FAMILIES.getOrDefault(stem, architecture);
    }

    public static List<ReportContext.ModelFacts> of(List<InputIdentity> models) {
        List<ReportContext.ModelFacts> facts = new ArrayList<>();
        for (InputIdentity model : models) {
            String source = model.source() == null ? "" : model.source();
            if (!source.startsWith("builtin:") || !ShippedModels.has(source.substring("builtin:".length()))) {
                continue;
            }
            ModelCard card = ShippedModels.card(source.substring("builtin:".length()));
            facts.add(new ReportContext.ModelFacts(model.id(), family(card.architecture().name()),
                    card.architecture().summary(), card.parameters(),
                    card.flops() == null ? null : card.flops().multiplyAddsPerImage(),
                    card.data() == null ? null : card.data().name()));
        }
        return facts;
    }
}
