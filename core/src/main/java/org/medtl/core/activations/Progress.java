package org.medtl.core.activations;

/** Progress of a long run; implementations may throw {@link java.util.concurrent.CancellationException} to stop it. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (fraction, message) -> {
    };

    void update(double fraction, String message);
}
