package org.medtl.knime.base;

import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionMonitor;

/**
 * KNIME's cancel button as the yes/no question the core's cancellation hooks ask once per batch. KNIME signals
 * cancellation by throwing from {@link ExecutionMonitor#checkCanceled()}; the core wants a boolean and ends its
 * loop itself, publishing nothing.
 */
public final class Cancel {

    private Cancel() {
    }

    public static boolean requested(ExecutionMonitor exec) {
        try {
            exec.checkCanceled();
            return false;
        } catch (CanceledExecutionException e) {
            return true;
        }
    }
}
