package org.medrobust.attacks.evasion;

import java.util.SequencedMap;

/** What every attack class shares: its id, its severity in a ladder of budgets, and its threat model. */
public abstract class BaseAttack implements EvasionAttack {

    private final String id;
    private final int severity;
    private final ThreatModel threatModel;

    protected BaseAttack(String id, int severity, ThreatModel threatModel) {
        this.id = id;
        this.severity = severity;
        this.threatModel = threatModel;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int severity() {
        return severity;
    }

    @Override
    public final ThreatModel threatModel() {
        return threatModel;
    }

    /** The threat model, then the attack's own settings ({@link #specifics}), then its published source. */
    @Override
    public final SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> p = threatModel.parameters();
        specifics(p);
        p.put("source", source());
        return p;
    }

    /** Adds settings beyond the threat model (loss, momentum, ...); none by default. */
    protected void specifics(SequencedMap<String, Object> parameters) {
    }

    /** The paper (and reference code) the implementation follows. */
    protected abstract String source();
}
