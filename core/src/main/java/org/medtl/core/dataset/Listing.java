package org.medtl.core.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a source found: candidate samples (with any split/fold value the source gives), problems, exclusions. */
final class Listing {

    /** A sample before folds, with the source's own split or fold value ({@code ""} when none). */
    record Candidate(Sample sample, String given) {
    }

    final List<Candidate> candidates = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    /** Items a preset deliberately leaves out (masks, classes outside the study's); counted, never silent. */
    final List<Problem> excluded = new ArrayList<>();
    /** Class order fixed by the source (a preset), or {@code null} for sorted labels. */
    List<String> classes;

    void add(String id, Path file, String entry, int index, String label, String group, String given) {
        candidates.add(new Candidate(new Sample(id, file.toAbsolutePath().normalize(), entry, index, label, 0, group, List.of()), given));
    }

    void problem(Path file, String reason) {
        problems.add(new Problem(file.toString(), reason));
    }

    void problem(String where, String reason) {
        problems.add(new Problem(where, reason));
    }

    void exclude(String where, String reason) {
        excluded.add(new Problem(where, reason));
    }
}
