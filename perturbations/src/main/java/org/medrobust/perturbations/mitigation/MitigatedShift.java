package org.medrobust.perturbations.mitigation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.perturbations.Perturbation;

/**
 * A shift followed by a test-time mitigation: the scenario "site X + mitigation Y", id {@code <shift id>+<method>}.
 * The shift draws exactly what it draws alone (a campaign keys this scenario's random stream on the shift's id), so
 * the mitigated and unmitigated scenarios see the very same shifted images and their accuracy difference is the
 * accuracy the mitigation recovers. The mitigation is fitted on source images first ({@link #fittedOn}); before that
 * the threat describes itself but cannot run.
 */
public final class MitigatedShift implements Perturbation {

    private final Perturbation shift;
    private final String method;
    private final Mitigation mitigation;
    private final SequencedMap<String, Object> reference;

    public MitigatedShift(Perturbation shift, String method) {
        this(shift, method, null, new LinkedHashMap<>());
    }

    private MitigatedShift(Perturbation shift, String method, Mitigation mitigation,
            SequencedMap<String, Object> reference) {
        Mitigations.requireKnown(method, "threat '" + shift.id() + "'");
        this.shift = shift;
        this.method = method;
        this.mitigation = mitigation;
        this.reference = reference;
    }

    /** The same scenario with its mitigation fitted on {@code source} (the source site's images). */
    public MitigatedShift fittedOn(List<Image> source) {
        return fittedWith(Mitigations.fit(method, source));
    }

    /** The same scenario with {@code fitted} (this method, already fitted) as its mitigation. */
    public MitigatedShift fittedWith(Mitigation fitted) {
        return fittedWith(fitted, new LinkedHashMap<>());
    }

    /**
     * As {@link #fittedWith(Mitigation)}, recording where the fitted images came from ({@code reference}: e.g. the
     * data set and the SHA-256 of its images) as {@code mitigation.<key>} before what was fitted.
     */
    public MitigatedShift fittedWith(Mitigation fitted, SequencedMap<String, Object> reference) {
        if (!fitted.id().equals(method)) {
            throw new IllegalArgumentException(id() + " cannot use a fitted " + fitted.id());
        }
        return new MitigatedShift(shift, method, fitted, new LinkedHashMap<>(reference));
    }

    public Perturbation shift() {
        return shift;
    }

    public String method() {
        return method;
    }

    public boolean fitted() {
        return mitigation != null;
    }

    @Override
    public String id() {
        return shift.id() + "+" + method;
    }

    @Override
    public int severity() {
        return shift.severity();
    }

    @Override
    public ThreatFamily family() {
        return shift.family();
    }

    /** The shift's parameters, then {@code mitigation}, {@code mitigates} and what was fitted, as {@code mitigation.*}. */
    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>(shift.parameters());
        parameters.put("mitigation", method);
        parameters.put("mitigates", shift.id());
        reference.forEach((key, value) -> parameters.put("mitigation." + key, value));
        if (mitigation != null) {
            mitigation.parameters().forEach((key, value) -> parameters.put("mitigation." + key, value));
        }
        return parameters;
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        if (mitigation == null) {
            throw new IllegalStateException(id() + ": the mitigation is not fitted on source images yet");
        }
        Perturbed shifted = shift.applyRecorded(image, random);
        return new Perturbed(mitigation.apply(shifted.image()), shifted.sampled());
    }
}
