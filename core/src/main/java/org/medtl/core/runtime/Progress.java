package org.medtl.core.runtime;

/**
 * Progress of long work, shared by every capability so that the KNIME nodes and the headless runner adapt
 * one type. Implementations may throw {@link java.util.concurrent.CancellationException} to stop the work;
 * callers report at least once per batch, so a cancel takes effect within about one batch.
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (fraction, message) -> {
    };

    /** @param fraction in [0, 1], or negative when unknown */
    void update(double fraction, String message);

    /** Progress of a part of the work, mapped onto [from, from + width] of this one. */
    default Progress part(double from, double width) {
        return (f, m) -> update(from + width * Math.max(0, Math.min(1, f)), m);
    }
}
