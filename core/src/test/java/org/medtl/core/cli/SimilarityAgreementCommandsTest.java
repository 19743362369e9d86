package org.medtl.core.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarityAgreementCommandsTest {


    static CommandLineRun run(String... argv) {
        return CommandLineRun.of(argv);
    }

    static Path resource(Path dir, String path) throws Exception {
        try (InputStream in = SimilarityAgreementCommandsTest.class.getResourceAsStream(path)) {
            Path p = dir.resolve(Path.of(path).getFileName().toString());
            Files.copy(in, p);
            return p;
        }
    }

    @Test
    void similarityPrintsOneJsonObjectWithTheFixedKeys(@TempDir Path dir) throws Exception {
        Path x = resource(dir, "/org/medtl/core/similarity/related_x.npy");
        Path y = resource(dir, "/org/medtl/core/similarity/related_y.npy");
        CommandLineRun r = run("similarity", "--measure", "svcca", "--directions", "5", x.toString(), y.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : new String[] {"measure", "value", "coefficients", "data_points", "neurons_x", "neurons_y", "kept_x", "kept_y"}) {
            assertTrue(o.has(key), key);
        }
        assertEquals("svcca", o.get("measure").getAsString());
        assertEquals(5, o.get("kept_x").getAsInt());
        assertEquals(400, o.get("data_points").getAsInt());
        assertEquals(5, o.getAsJsonArray("coefficients").size());
    }

    @Test
    void csvInputNeuronsAsRowsAndUsageErrors(@TempDir Path dir) throws Exception {
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3,4,5\n2,1,0,3,3\n");
        CommandLineRun r = run("similarity", "--measure", "cka-debiased", "--neurons-as-rows", x.toString(), x.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1.0, JsonParser.parseString(r.out()).getAsJsonObject().get("value").getAsDouble(), 1e-12);
        assertEquals(2, run("similarity", "--measure", "svcca", "--variance", "0.9", "--directions", "3", x.toString(), x.toString()).code());
        assertEquals(2, run("similarity", "--measure", "nope", x.toString(), x.toString()).code());
        CommandLineRun bad = run("similarity", x.toString(), x.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("degenerates"), bad.err());
    }

    @Test
    void agreementPrintsPooledAndPerFold(@TempDir Path dir) throws Exception {
        Path a = resource(dir, "/org/medtl/core/agreement/binary_a.csv");
        Path b = resource(dir, "/org/medtl/core/agreement/binary_b.csv");
        CommandLineRun r = run("agreement", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : new String[] {"n", "accuracy_a", "accuracy_b", "auc_a", "auc_b", "error_consistency_observed",
                "error_consistency_expected", "error_consistency_expected_paper", "error_consistency_kappa", "cohen_kappa",
                "agreement_rate", "mcnemar_p", "delong_ci_a", "delong_ci_b", "delong_p", "per_fold", "warnings"}) {
            assertTrue(o.has(key), key);
        }
        assertEquals(3, o.getAsJsonArray("per_fold").size());
    }
}
