package org.medtl.core.dataset;

import java.util.Locale;

/** The part of one fold a sample belongs to. Written to the manifest as {@code train}, {@code val}, {@code test}. */
public enum Split {
    TRAIN("train"),
    VAL("val"),
    TEST("test");

    private final String key;

    Split(String key) {
        this.key = key;
    }

    /** The manifest's and the KNIME table's spelling. */
    public String key() {
        return key;
    }

    /**
     * Parses a split name as users write it: {@code train}, {@code val}/{@code valid}/{@code validation},
     * {@code test}; case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the accepted spellings
     */
    public static Split parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "train", "training":
                return TRAIN;
            case "val", "valid", "validation":
                return VAL;
            case "test", "testing":
                return TEST;
            default:
                throw new IllegalArgumentException("'" + text + "' is not a split: use train, val or test");
        }
    }
}
