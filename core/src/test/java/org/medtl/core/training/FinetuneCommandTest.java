package org.medtl.core.training;

import org.junit.jupiter.api.Test;
import org.medtl.core.cli.Medtl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FinetuneCommandTest {

    private static int run(ByteArrayOutputStream err, String... argv) {
        return Medtl.run(argv, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "finetune", "--manifest", "m.csv", "--out", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--weights MODEL_FOLDER or --random-seed"));
        err.reset();
        assertEquals(2, run(err, "finetune", "--manifest", "m.csv", "--out", "x", "--random-seed", "1", "--optimizer", "lion"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'optimizer'"));
        err.reset();
        assertEquals(2, run(err, "finetune", "--manifest", "m.csv", "--out", "x", "--random-seed", "1", "--learning-rate", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --learning-rate"));
    }
}
