package org.medrobust.suite.inputs;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.builtin.BuiltinData;
import org.medrobust.perturbations.site.MultiSiteData;

/**
 * Every built-in data set by name: those of {@link BuiltinData} (in {@code datasets}) and the synthetic multi-site
 * X-rays {@code xray_sites} ({@link MultiSiteData}, in {@code perturbations}, because it renders through site
 * profiles).
 */
public final class BuiltinSources {

    private BuiltinSources() {
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>(BuiltinData.names());
        names.add(MultiSiteData.NAME);
        return List.copyOf(names);
    }

    public static DataSource load(String name) {
        if (!names().contains(name)) {
            throw new InvalidInputException("unknown built-in data set '" + name + "': known are " + names());
        }
        return name.equals(MultiSiteData.NAME) ? MultiSiteData.generate() : BuiltinData.load(name);
    }

    /** What kind of data the set is, as results record it. */
    public static String kind(String name) {
        return name.equals(MultiSiteData.NAME) ? "synthetic-sites" : BuiltinData.kind(name);
    }
}
