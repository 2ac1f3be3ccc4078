package org.medrobust.reports.html;

import java.util.List;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.efficiency.EfficiencyReport;

/**
 * What the renderers show beside report.json: facts about each model (from built-in model cards), the gallery
 * images the suite drew, and, only where someone measured them, the models' timings. Kept out of report.json so that
 * its schema stays the result, not its presentation. The facts and the gallery are deterministic (the suite stores
 * them in report-context.json, so {@code medrobust report DIR} re-renders the same bytes); the timings are a
 * measurement (efficiency.json) and make index.html a measurement too.
 *
 * @param efficiency timings from efficiency.json; null when none were measured
 * @param bench      the model families against input resolution (bench.json beside report.json, as {@code bench
 *                   models} or {@code report --measure-efficiency --resolutions} wrote it); null when absent
 */
public record ReportContext(List<ModelFacts> models, List<GalleryItem> gallery, EfficiencyReport efficiency,
        BenchReport bench) {

    public ReportContext {
        models = models == null ? List.of() : List.copyOf(models);
        gallery = gallery == null ? List.of() : List.copyOf(gallery);
    }

    public ReportContext(List<ModelFacts> models, List<GalleryItem> gallery) {
        this(models, gallery, null, null);
    }

    public static ReportContext empty() {
        return new ReportContext(List.of(), List.of());
    }

    /** The same facts and gallery with these timings (null: none). */
    public ReportContext withEfficiency(EfficiencyReport timings) {
        return new ReportContext(models, gallery, timings, bench);
    }

    /** The same context with this resolution profile (null: none). */
    public ReportContext withBench(BenchReport profile) {
        return new ReportContext(models, gallery, efficiency, profile);
    }

    /** This model's timing, or null when none was measured. */
    public EfficiencyReport.ModelTiming timing(String modelId) {
        return efficiency == null ? null : efficiency.timing(modelId);
    }

    /** The facts of this model, or null when none are known. */
    public ModelFacts facts(String modelId) {
        return models.stream().filter(m -> m.id().equals(modelId)).findFirst().orElse(null);
    }

    /**
     * What a model card says about a model; null fields are unknown (a user's ONNX file declares none of them).
     *
     * @param family          "CNN", "ViT", "Vim", "VMamba", "MedMamba", or "user" for a model file
     * @param architecture    one line on the layers, from the card
     * @param parameters      trainable parameters
     * @param multiplyAdds    multiply-adds per image, as the card counted them
     * @param trainedOn       the data set the card says it was trained on
     */
    public record ModelFacts(String id, String family, String architecture, Long parameters, Long multiplyAdds,
            String trainedOn) {
    }

    /**
     * One sample of one model shown clean and under each threat, with the model's prediction on each.
     *
     * @param panels clean first, then the threatened versions
     */
    public record GalleryItem(String model, String dataset, int index, String label, List<Panel> panels) {
    }

    /**
     * @param caption    e.g. "clean", "gaussian_noise s3", "pgd_linf eps=1/255"
     * @param pngDataUri the image as a data: URI (self-contained)
     */
    public record Panel(String caption, String pngDataUri, String prediction, boolean correct) {
    }
}
