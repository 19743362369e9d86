package org.medtl.knime.base;

import java.util.concurrent.CancellationException;

import org.knime.core.node.ExecutionMonitor;
import org.medtl.core.runtime.Progress;

/**
 * KNIME's progress bar and cancel button as the core's {@link Progress}: each update moves the bar and, when the
 * user has cancelled, throws the {@link CancellationException} the core's long loops stop on (within about one
 * batch); the node turns it back into KNIME's {@code CanceledExecutionException}.
 */
public final class KnimeProgress {

    private KnimeProgress() {
    }

    public static Progress of(ExecutionMonitor exec) {
        return (fraction, message) -> {
            if (Cancel.requested(exec)) {
                throw new CancellationException("cancelled in KNIME");
            }
            if (fraction >= 0) {
                exec.setProgress(fraction, message);
            } else {
                exec.setMessage(message);
            }
        };
    }
}
