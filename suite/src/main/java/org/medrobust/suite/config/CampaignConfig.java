package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medrobust.datasets.InvalidInputException;

/**
 * A campaign: which models, on which data, under which threats, checked by which gates. Read from YAML (see
 * the presets in this package's resources) and overridable from the command line.
 *
 * @param name      campaign name for reports
 * @param seed      every random draw derives from it
 * @param batchSize images per batch (also the unit of the journal and of resume)
 * @param data      data sets
 * @param models    models
 * @param threats   threats; the clean baseline always runs
 * @param gates     pass/fail rules
 * @param baseline  the model id corruption errors (CE, mCE, BE) are normalised by; null: the first CNN, if any
 * @param intendedUse the device's intended use in words, for the regulatory dossier (optional; left out of the
 *                  recorded config when absent, so older configs keep their SHA-256)
 * @param risks     risk items the campaign gives evidence for, each traced to its threats in the dossier (optional)
 */
public record CampaignConfig(String name, Long seed, Integer batchSize, List<DataSpec> data, List<ModelSpec> models,
        List<ThreatSpec> threats, List<GateSpec> gates, @JsonInclude(JsonInclude.Include.NON_NULL) String baseline,
        @JsonInclude(JsonInclude.Include.NON_NULL) String intendedUse,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RiskSpec> risks) {

    public CampaignConfig {
        name = name == null ? "campaign" : name;
        seed = seed == null ? 0L : seed;
        batchSize = batchSize == null ? 64 : batchSize;
        if (batchSize < 1 || batchSize > 65_536) {
            throw new InvalidInputException("batchSize must be in 1..65536, got " + batchSize);
        }
        data = data == null ? List.of() : List.copyOf(data);
        models = models == null ? List.of() : List.copyOf(models);
        threats = threats == null ? List.of() : List.copyOf(threats);
        gates = gates == null ? List.of() : List.copyOf(gates);
        risks = risks == null ? List.of() : List.copyOf(risks);
    }

    public CampaignConfig(String name, Long seed, Integer batchSize, List<DataSpec> data, List<ModelSpec> models,
            List<ThreatSpec> threats, List<GateSpec> gates) {
        this(name, seed, batchSize, data, models, threats, gates, null);
    }

    /** A config with a named baseline and no dossier statements. */
    public CampaignConfig(String name, Long seed, Integer batchSize, List<DataSpec> data, List<ModelSpec> models,
            List<ThreatSpec> threats, List<GateSpec> gates, String baseline) {
        this(name, seed, batchSize, data, models, threats, gates, baseline, null, List.of());
    }

    /**
     * Checks what a runnable campaign needs beyond well-formed fields. Separate from construction so that a file
     * with a typo reports the typo, not the setting the typo left out.
     */
    public CampaignConfig requireRunnable(String origin) {
        if (data.isEmpty()) {
            throw new InvalidInputException(origin + ": the campaign has no data: add a 'data' entry or pass --data");
        }
        if (models.isEmpty()) {
            throw new InvalidInputException(origin + ": the campaign has no model: add a 'models' entry or pass --model");
        }
        Set<String> known = new HashSet<>(List.of("clean"));
        threats.forEach(t -> known.add(t.id()));
        for (DataSpec d : data) {
            if (d.threats() != null) {
                d.threats().stream().filter(t -> !known.contains(t)).findFirst().ifPresent(t -> {
                    throw new InvalidInputException(origin + ": data '" + d.source() + "' names threat '" + t
                            + "', which the campaign does not run (its threats: " + known.stream().sorted().toList()
                            + ")");
                });
            }
        }
        Set<String> riskIds = new HashSet<>();
        for (RiskSpec risk : risks) {
            if (!riskIds.add(risk.id())) {
                throw new InvalidInputException(origin + ": risk '" + risk.id() + "' is listed twice");
            }
            risk.threats().stream().filter(t -> !known.contains(t)).findFirst().ifPresent(t -> {
                throw new InvalidInputException(origin + ": risk '" + risk.id() + "' names threat '" + t
                        + "', which the campaign does not run (its threats: " + known.stream().sorted().toList() + ")");
            });
        }
        return this;
    }

    public CampaignConfig withSeed(long newSeed) {
        return new CampaignConfig(name, newSeed, batchSize, data, models, threats, gates, baseline, intendedUse, risks);
    }

    public CampaignConfig withData(List<DataSpec> newData) {
        return new CampaignConfig(name, seed, batchSize, newData, models, threats, gates, baseline, intendedUse, risks);
    }

    public CampaignConfig withModels(List<ModelSpec> newModels) {
        return new CampaignConfig(name, seed, batchSize, data, newModels, threats, gates, baseline, intendedUse, risks);
    }

    public CampaignConfig withThreats(List<ThreatSpec> newThreats) {
        return new CampaignConfig(name, seed, batchSize, data, models, newThreats, gates, baseline, intendedUse, risks);
    }

    /** Gates that name a threshold on clean accuracy no longer fit another model's data: callers decide. */
    public CampaignConfig withGates(List<GateSpec> newGates) {
        return new CampaignConfig(name, seed, batchSize, data, models, threats, newGates, baseline, intendedUse, risks);
    }
}
