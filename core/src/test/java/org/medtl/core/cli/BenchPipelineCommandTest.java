package org.medtl.core.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench-training --pipeline} reports every stage with its ratio to the decode baseline (what it measures is not asserted). */
class BenchPipelineCommandTest {

    @Test
    void reportsEveryStageAgainstTheDecodeBaseline() {
        CommandLineRun run = CommandLineRun.of("bench-training", "--pipeline", "--size", "32", "--images", "6", "--source-px", "48",
                "--steps", "0", "--workers", "1");
        assertEquals(0, run.code(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        for (String stage : new String[] {"decode", "decode_augment", "cache_build", "cache_read", "cache_augment"}) {
            assertTrue(json.get(stage + "_images_per_second").getAsDouble() > 0, stage);
            assertTrue(json.has(stage + "_over_decode"), stage);
        }
        assertEquals(1.0, json.get("decode_over_decode").getAsDouble());
        assertTrue(json.get("train_step_images_per_second").isJsonNull(), "--steps 0 skips the training step");
        assertTrue(run.err().contains("cache + augmentation + normalisation") && run.err().contains("x decode"), run.err());
        assertTrue(json.get("bound").getAsString().startsWith("not known"), json.toString());
    }
}
