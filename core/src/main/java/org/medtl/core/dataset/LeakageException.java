package org.medtl.core.dataset;

import java.util.List;

/** One or more patients fall into two splits of the same fold; the message lists them all. */
public final class LeakageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> leaks;

    public LeakageException(List<String> leaks) {
        super(leaks.size() + " patient(s) appear in more than one split of a fold, so test results would be optimistic. "
                + "Use a grouped fold scheme (nested-group or group) or fix the split column:\n  " + String.join("\n  ", leaks));
        this.leaks = List.copyOf(leaks);
    }

    public List<String> leaks() {
        return leaks;
    }
}
