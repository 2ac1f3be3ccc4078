package org.medrobust.datasets;

import java.util.Locale;

/** The standard data splits. Campaigns evaluate {@link #TEST} unless told otherwise. */
public enum Split {
    TRAIN, VAL, TEST;

    /** The lower-case name used in files and configs ("train", "val", "test"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String text) {
        for (Split split : values()) {
            if (split.key().equalsIgnoreCase(text.strip())) {
                return split;
            }
        }
        throw new InvalidInputException("unknown split '" + text + "': use train, val or test");
    }
}
