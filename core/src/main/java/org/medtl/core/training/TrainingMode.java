package org.medtl.core.training;

import java.util.Locale;

/**
 * Which parameters are trained.
 *
 * @param kind      the mode
 * @param fromStage for {@link Kind#FROM_STAGE}: the first backbone stage that is trained (e.g.
 *                  {@code conv4}); earlier stages stay frozen. Empty otherwise.
 */
public record TrainingMode(Kind kind, String fromStage) {

    public enum Kind {
        /** Everything trains from the first epoch (the study's main protocol). */
        FULL,
        /** The study's "freeze" variant: stage 1 trains the head only, stage 2 trains everything. */
        FREEZE_THEN_FINETUNE,
        /** Linear probe: the backbone never trains. */
        FROZEN,
        /** Partial unfreezing: the stages from {@link #fromStage} on and the head train. */
        FROM_STAGE
    }

    public TrainingMode {
        fromStage = fromStage == null ? "" : fromStage;
        if (kind == Kind.FROM_STAGE && fromStage.isBlank()) {
            throw new IllegalArgumentException("Mode from-stage needs a stage name, e.g. from-stage:conv4.");
        }
    }

    /** Parses {@code full}, {@code freeze-then-finetune}, {@code frozen} or {@code from-stage:NAME}. */
    public static TrainingMode parse(String text) {
        String t = text == null ? "" : text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("from-stage:")) {
            return new TrainingMode(Kind.FROM_STAGE, t.substring("from-stage:".length()).trim());
        }
        return switch (lower) {
            case "full" -> new TrainingMode(Kind.FULL, "");
            case "freeze-then-finetune" -> new TrainingMode(Kind.FREEZE_THEN_FINETUNE, "");
            case "frozen" -> new TrainingMode(Kind.FROZEN, "");
            default -> throw new IllegalArgumentException("Mode '" + text
                    + "' is not known: use full, freeze-then-finetune, frozen or from-stage:NAME (e.g. from-stage:conv4).");
        };
    }

    /** The text {@link #parse} reads. */
    @Override
    public String toString() {
        return switch (kind) {
            case FULL -> "full";
            case FREEZE_THEN_FINETUNE -> "freeze-then-finetune";
            case FROZEN -> "frozen";
            case FROM_STAGE -> "from-stage:" + fromStage;
        };
    }
}
