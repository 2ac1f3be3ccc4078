package org.medrobust.suite.plan;

import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;

/** The baseline every campaign runs first: the model on unchanged data. */
public final class CleanBaseline implements Threat {

    public static final CleanBaseline INSTANCE = new CleanBaseline();

    private CleanBaseline() {
    }

    @Override
    public String id() {
        return "clean";
    }

    @Override
    public ThreatFamily family() {
        return ThreatFamily.CLEAN;
    }

    @Override
    public int severity() {
        return 0;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        return new LinkedHashMap<>();
    }
}
