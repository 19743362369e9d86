package org.medtl.core.dataset;

import java.io.IOException;
import java.util.List;

/** Reading stopped because of bad input (setting onProblem = fail); lists every problem found. */
public final class DatasetProblemsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public DatasetProblemsException(List<Problem> problems, int samples) {
        super(problems.size() + " problem(s) found (" + samples + " sample(s) were fine). Fix or remove these files, or set onProblem to "
                + "'skip' to leave them out and report them:\n  " + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
