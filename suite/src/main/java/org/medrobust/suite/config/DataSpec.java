package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * One data set to evaluate on. {@code classes}, {@code label}, {@code frame}, {@code threats} and {@code sourceSite}
 * are left out of the recorded config when unset, so configs written before they existed keep their SHA-256.
 *
 * @param source  "builtin:phantom"; or a path to a MedMNIST-style .npz file, a manifest .csv (image folder), a folder
 *                holding manifest.csv, or a single DICOM file (see docs/data.md)
 * @param split   which split to evaluate: train, val or test (default test)
 * @param limit   evaluate only the first {@code limit} samples; 0 means all
 * @param classes declared class names, indexed by label (manifests, .npz files, a single DICOM file); default: from
 *                the labels
 * @param label   the label (class name or index) of a single DICOM file, which carries none itself
 * @param frame   the frame of a single multi-frame DICOM file (0-based, default 0); a manifest has a frame column
 * @param threats which of the campaign's threat entries (their {@code id}) run on this data; absent: all of them,
 *                {@code []}: only the clean pass (which always runs). A second data set that exists for one family
 *                (e.g. multi-site data for the site shifts) then does not run every attack and fault on it. Recorded
 *                in the config, so it is part of the campaign identity.
 * @param sourceSite the site of multi-site data that every other site's drop is taken from (the one the models were
 *                validated at); absent: the site called {@code source} ({@link org.medrobust.datasets.SourceSite}).
 *                A name that is not a site of the data is refused before the campaign runs.
 */
public record DataSpec(String source, String split, Integer limit,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classes,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String label,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer frame,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> threats,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String sourceSite) {

    public DataSpec {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("a data entry needs a 'source' (builtin:phantom, or a path to a .npz file,"
                    + " a manifest .csv, a folder with manifest.csv or a .dcm file)");
        }
        split = split == null ? "test" : split;
        limit = limit == null ? 0 : limit;
        if (limit < 0) {
            throw new InvalidInputException("data '" + source + "': limit must be >= 0, got " + limit);
        }
        if (frame != null && frame < 0) {
            throw new InvalidInputException("data '" + source + "': frame must be >= 0, got " + frame);
        }
        classes = classes == null ? null : List.copyOf(classes);
        threats = threats == null ? null : List.copyOf(threats);
        if (threats != null && threats.stream().distinct().count() != threats.size()) {
            throw new InvalidInputException("data '" + source + "': a threat is listed twice in threats " + threats);
        }
        if (sourceSite != null && sourceSite.isBlank()) {
            throw new InvalidInputException("data '" + source + "': sourceSite is blank; name a site of the data or"
                    + " leave the key out (default: the site called source)");
        }
    }

    public DataSpec(String source, String split, Integer limit, List<String> classes, String label, Integer frame,
                    List<String> threats) {
        this(source, split, limit, classes, label, frame, threats, null);
    }

    public DataSpec(String source, String split, Integer limit) {
        this(source, split, limit, null, null, null, null);
    }

    public DataSpec(String source, String split, Integer limit, List<String> classes, String label, Integer frame) {
        this(source, split, limit, classes, label, frame, null);
    }

    /** Whether the threat entry {@code threatId} runs on this data (the clean pass always does). */
    public boolean runs(String threatId) {
        return threats == null || "clean".equals(threatId) || threats.contains(threatId);
    }

    /** This entry with another split and limit where they are non-null (CLI flags), keeping the rest. */
    public DataSpec withSplitAndLimit(String newSplit, Integer newLimit) {
        return new DataSpec(source, newSplit == null ? split : newSplit, newLimit == null ? limit : newLimit, classes,
                label, frame, threats, sourceSite);
    }
}
