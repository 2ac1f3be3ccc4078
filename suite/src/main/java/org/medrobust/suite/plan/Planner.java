package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.models.Classifier;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;

/**
 * Expands a config into scenarios: for each data split and each model, the clean baseline first, then every
 * threat at every requested severity (of the threats the data entry selects, if it names any). A model that cannot take a data set (image shape, class count) gets its
 * scenarios on that data skipped with the reason; a model that can take none of the data is bad input, refused
 * before anything runs.
 */
public final class Planner {

    private Planner() {
    }

    public static List<Scenario> plan(List<LoadedData> data, List<LoadedModel> models, List<ThreatSpec> threatSpecs) {
        return plan(data, null, models, threatSpecs, Map.of());
    }

    /**
     * As {@link #plan(List, List, List)}, each data set running only the threat entries its spec names
     * ({@link DataSpec#runs}); {@code specs} parallels {@code data}, null: every threat on every data set.
     * {@code references}: per threat entry id with mitigations, the images they are fitted on.
     */
    public static List<Scenario> plan(List<LoadedData> data, List<DataSpec> specs, List<LoadedModel> models,
            List<ThreatSpec> threatSpecs, Map<String, MitigationReference> references) {
        List<Threat> threats = new ArrayList<>();
        Map<Threat, ThreatSpec> entries = new IdentityHashMap<>();
        for (ThreatSpec spec : threatSpecs) {
            for (Threat threat : ThreatCatalog.resolve(spec)) {
                threats.add(threat);
                entries.put(threat, spec);
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (LoadedModel m : models) {
            requireSomeFit(m, data);
        }
        MitigationThreats mitigations = new MitigationThreats();
        for (int i = 0; i < data.size(); i++) {
            LoadedData d = data.get(i);
            DataSpec dataSpec = specs == null ? null : specs.get(i);
            for (LoadedModel m : models) {
                String skip = incompatibility(m.classifier(), d);
                scenarios.add(Scenario.of(m.id(), d.key(), CleanBaseline.INSTANCE, skip));
                for (Threat planned : threats) {
                    ThreatSpec entry = entries.get(planned);
                    if (dataSpec != null && !dataSpec.runs(entry.id())) {
                        continue; // not planned at all: this data set is not for that threat
                    }
                    if (planned instanceof BitFlipAttackThreat bitFlips) { // bad input, whatever the model
                        bitFlips.attackSplit().ifPresent(split -> d.otherSplit(split, bitFlips.attackSplitSetting()));
                    }
                    Threat threat = skip != null ? planned : mitigations.bind(planned, references.get(entry.id()));
                    String threatSkip = skip != null ? skip : MissingCapability.reason(threat, m.id(), m.classifier());
                    if (threatSkip == null && threat instanceof FaultTrial fault) {
                        threatSkip = fault.notApplicable(m.classifier()).orElse(null);
                    }
                    scenarios.add(Scenario.of(m.id(), d.key(), threat, threatSkip, entry.limit()));
                }
            }
        }
        for (Scenario s : scenarios) {
            if (!ids.add(s.id())) {
                throw new InvalidInputException("scenario '" + s.id() + "' is planned twice: give models distinct "
                        + "ids and do not repeat a data split or a threat severity");
            }
        }
        return scenarios;
    }

    private static void requireSomeFit(LoadedModel model, List<LoadedData> data) {
        List<String> reasons = new ArrayList<>();
        for (LoadedData d : data) {
            String reason = incompatibility(model.classifier(), d);
            if (reason == null) {
                return;
            }
            reasons.add(reason);
        }
        if (!reasons.isEmpty()) {
            throw new InvalidInputException(model.identity().source() + ": " + String.join("; ", reasons));
        }
    }

    private static String incompatibility(Classifier model, LoadedData data) {
        if (!model.inputShape().equals(data.dataset().shape())) {
            return "model " + model.id() + " takes " + model.inputShape() + " images, " + data.key() + " has "
                    + data.dataset().shape();
        }
        int modelClasses = model.classNames().size();
        int dataClasses = data.dataset().classNames().size();
        if (modelClasses < dataClasses) {
            return outOfRangeLabel(model, data).orElse("model " + model.id() + " predicts " + modelClasses
                    + " classes, " + data.key() + " has " + dataClasses);
        }
        if (modelClasses != dataClasses) {
            return "model " + model.id() + " predicts " + modelClasses + " classes, " + data.key() + " has "
                    + dataClasses;
        }
        return null;
    }

    /** The first evaluated sample whose label the model has no class for, named with its index. */
    private static Optional<String> outOfRangeLabel(Classifier model, LoadedData data) {
        int classes = model.classNames().size();
        int[] labels = data.dataset().labels(0, data.size());
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                return Optional.of(data.identity().source() + " (" + data.key() + "): label " + labels[i]
                        + " at index " + i + " is outside model " + model.id() + "'s " + classes + " classes "
                        + model.classNames());
            }
        }
        return Optional.empty();
    }
}
