package org.medtl.core.activations;

import java.util.Locale;

/**
 * How a convolutional layer's (h, w) positions become data points.
 *
 * @param mode      ALL: every position of every image is a data point, (N,h,w,C) -> (N*h*w, C), as the study;
 *                  AVGPOOL: one data point per image (global average over positions);
 *                  SUBSAMPLE: a seeded uniform random subset of all positions, without replacement
 * @param positions target number of data points for SUBSAMPLE (the study used about 10,000)
 */
public record Spatial(Mode mode, int positions) {

    public enum Mode { ALL, AVGPOOL, SUBSAMPLE }

    public static final int DEFAULT_POSITIONS = 10_000;

    public Spatial {
        if (mode == Mode.SUBSAMPLE && positions < 1) {
            throw new IllegalArgumentException("subsample needs a positive number of positions, got " + positions + ".");
        }
    }

    /** {@code all}, {@code avgpool}, {@code subsample} (10,000) or {@code subsample:N}. */
    public static Spatial parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return new Spatial(Mode.ALL, 0);
        }
        if (t.equals("avgpool") || t.equals("gap")) {
            return new Spatial(Mode.AVGPOOL, 0);
        }
        if (t.equals("subsample")) {
            return new Spatial(Mode.SUBSAMPLE, DEFAULT_POSITIONS);
        }
        if (t.startsWith("subsample:")) {
            try {
                return new Spatial(Mode.SUBSAMPLE, Integer.parseInt(t.substring("subsample:".length()).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Spatial setting '" + text + "': the count after 'subsample:' is not a whole number.");
            }
        }
        throw new IllegalArgumentException("Spatial setting '" + text + "' is not understood: use all, avgpool or subsample:N.");
    }

    /** The text form {@link #parse} reads. */
    public String key() {
        return switch (mode) {
            case ALL -> "all";
            case AVGPOOL -> "avgpool";
            case SUBSAMPLE -> "subsample:" + positions;
        };
    }
}
