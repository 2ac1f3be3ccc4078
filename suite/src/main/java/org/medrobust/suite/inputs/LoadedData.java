package org.medrobust.suite.inputs;

import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Split;
import org.medrobust.reports.schema.InputIdentity;

/**
 * The evaluated part of a data set (one split, possibly limited to its first samples), with its identity.
 *
 * @param name short data set name, e.g. "phantom"
 */
public record LoadedData(String name, Split split, Dataset dataset, int size, InputIdentity identity) {

    /** "name/split", as scenario ids and reports show it. */
    public String key() {
        return name + "/" + split.key();
    }
}
