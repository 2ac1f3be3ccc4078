package org.medrobust.suite.inputs;

import java.util.Map;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.reports.schema.InputIdentity;

/**
 * The evaluated part of a data set (one split, possibly limited to its first samples), with its identity, and the
 * source it came from (every split of the data entry: the Bit-Flip Attack can draw its attack images from another).
 *
 * @param name   short data set name, e.g. "phantom"
 * @param source everything the entry's file or generator provides; its SHA-256 is the identity's
 */
public record LoadedData(String name, Split split, Dataset dataset, int size, InputIdentity identity,
        DataSource source) {

    /** Evaluated data whose source holds nothing but the evaluated split (tests, generated sets). */
    public LoadedData(String name, Split split, Dataset dataset, int size, InputIdentity identity) {
        this(name, split, dataset, size, identity, new DataSource(name, identity.sha256(), Map.of(split, dataset)));
    }

    /** "name/split", as scenario ids and reports show it. */
    public String key() {
        return name + "/" + split.key();
    }

    /**
     * Another split of the same data entry, for {@code what} (named in the error).
     *
     * @throws InvalidInputException naming the data source and the splits it has, where it has no such split or
     *                               {@code other} is the evaluated split
     */
    public Dataset otherSplit(Split other, String what) {
        String splits = source.availableKeys();
        if (other == split) {
            throw new InvalidInputException(what + ": " + other.key() + " is the evaluated split of "
                    + identity.source() + "; attack images must come from another split (it has " + splits + ")");
        }
        if (!source.available().contains(other)) {
            boolean builtin = identity.source().startsWith(DefaultInputLoader.BUILTIN);
            throw new InvalidInputException(what + ": " + identity.source() + " has no " + other.key()
                    + " split (it has " + splits + ")" + (builtin ? "; a built-in data set has only the splits it ships: give a data file"
                    + " with a " + other.key() + " split instead (e.g. MedMNIST's pneumoniamnist_28.npz)" : ""));
        }
        return source.split(other);
    }
}
