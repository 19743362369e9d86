package org.medtl.core.training;

import java.util.ArrayList;
import java.util.List;

/** Collects the history table, one row per epoch. */
final class HistoryRecorder implements TrainingListener {

    private final List<EpochRecord> rows = new ArrayList<>();

    @Override
    public void onEpochEnd(StageContext stage, EpochRecord record) {
        rows.add(record);
    }

    List<EpochRecord> rows() {
        return List.copyOf(rows);
    }
}
