package org.medtl.core.agreement;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against scikit-learn / SciPy values and a direct DeLong computation (tools/make_agreement_fixtures.py). */
class PredictionAgreementTest {

    private static final String DIR = "/org/medtl/core/agreement/";

    static Path copy(Path dir, String name) throws IOException {
        try (InputStream in = PredictionAgreementTest.class.getResourceAsStream(DIR + name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    static JsonObject expected() throws IOException {
        try (InputStream in = PredictionAgreementTest.class.getResourceAsStream(DIR + "expected.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static void check(JsonObject e, FoldAgreement got) {
        assertEquals(e.get("n").getAsInt(), got.n());
        Map<String, Double> s = got.scalars();
        for (String key : e.keySet()) {
            JsonElement v = e.get(key);
            if (key.equals("n")) {
                continue;
            }
            if (v.isJsonArray()) {
                double[] ci = key.equals("delong_ci_a") ? got.delongCiA() : got.delongCiB();
                assertEquals(v.getAsJsonArray().get(0).getAsDouble(), ci[0], 1e-12, key);
                assertEquals(v.getAsJsonArray().get(1).getAsDouble(), ci[1], 1e-12, key);
            } else {
                assertTrue(s.containsKey(key), key);
                assertEquals(v.getAsDouble(), s.get(key), 1e-12, key + " fold " + got.fold());
            }
        }
        assertEquals(e.keySet().size() - 1 - (got.binary() ? 2 : 0), s.size(), "same metric set as the reference");
    }

    @Test
    void binaryMatchesReference(@TempDir Path dir) throws IOException {
        JsonObject e = expected().getAsJsonObject("binary");
        AgreementResult r = PredictionAgreement.compare(Predictions.read(copy(dir, "binary_a.csv")),
                Predictions.read(copy(dir, "binary_b.csv")));
        check(e.getAsJsonObject("pooled"), r.pooled());
        assertEquals(3, r.perFold().size());
        for (FoldAgreement f : r.perFold()) {
            check(e.getAsJsonObject("per_fold").getAsJsonObject(f.fold()), f);
        }
        double mean = r.perFold().stream().mapToDouble(FoldAgreement::accuracyA).average().orElseThrow();
        assertEquals(mean, r.foldMean().get("accuracy_a"), 1e-15);
        int[] c = r.pooled().correctness();
        assertEquals(r.pooled().n(), c[0] + c[1] + c[2] + c[3]);
    }

    @Test
    void multiClassMatchesReference(@TempDir Path dir) throws IOException {
        JsonObject e = expected().getAsJsonObject("multi");
        AgreementResult r = PredictionAgreement.compare(Predictions.read(copy(dir, "multi_a.csv")),
                Predictions.read(copy(dir, "multi_b.csv")));
        check(e.getAsJsonObject("pooled"), r.pooled());
        for (FoldAgreement f : r.perFold()) {
            check(e.getAsJsonObject("per_fold").getAsJsonObject(f.fold()), f);
        }
        int total = 0;
        for (int[] row : r.pooled().disagreementMatrix()) {
            for (int v : row) {
                total += v;
            }
        }
        assertEquals(r.pooled().n(), total);
    }

    private static Path csv(Path dir, String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void oneClassGivesNullAucWithWarningNotANumber(@TempDir Path dir) throws IOException {
        Path a = csv(dir, "a.csv", "id,label,p_0,p_1", "x,1,0.2,0.8", "y,1,0.6,0.4", "z,1,0.1,0.9");
        Path b = csv(dir, "b.csv", "id,label,p_0,p_1", "z,1,0.3,0.7", "x,1,0.2,0.8", "y,1,0.7,0.3");
        AgreementResult r = PredictionAgreement.compare(Predictions.read(a), Predictions.read(b));
        assertTrue(Double.isNaN(r.pooled().aucA()[0]));
        assertTrue(r.pooled().warnings().stream().anyMatch(w -> w.contains("AUC undefined")), r.pooled().warnings().toString());
        assertEquals(1.0, r.pooled().agreementRate(), 0);
        assertEquals(2.0 / 3, r.pooled().accuracyA(), 1e-15);
        String json = org.medtl.core.cli.Json.write(r.toMap());
        assertTrue(json.contains("\"auc_a\": null"), json);
        assertTrue(r.perFold().isEmpty());
    }

    @Test
    void mismatchedIdsAndLabelsAreErrors(@TempDir Path dir) throws IOException {
        Path a = csv(dir, "a.csv", "id,label,p_0,p_1", "x,0,0.2,0.8", "y,1,0.6,0.4");
        Path b = csv(dir, "b.csv", "id,label,p_0,p_1", "x,0,0.3,0.7", "w,1,0.7,0.3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionAgreement.compare(Predictions.read(a), Predictions.read(b)));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("'w'"), e.getMessage());
        Path c = csv(dir, "c.csv", "id,label,p_0,p_1", "x,1,0.3,0.7", "y,1,0.7,0.3");
        e = assertThrows(IllegalArgumentException.class, () -> PredictionAgreement.compare(Predictions.read(a), Predictions.read(c)));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
    }

    @Test
    void badFilesNameLineAndColumn(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> Predictions.read(csv(dir, "n.csv", "id,label,p_0,p_1", "x,0,0.2,NaN")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("p_1"), e.getMessage());
        e = assertThrows(IOException.class, () -> Predictions.read(csv(dir, "h.csv", "name,label,prob")));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        e = assertThrows(IOException.class, () -> Predictions.read(csv(dir, "l.csv", "id,label,p_0,p_1", "x,2,0.2,0.8")));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }

    @Test
    void mcnemarExactIsTheTwoSidedBinomialTest() {
        // b=1, c=5: 2 * P(X <= 1 | n=6) = 2 * 7/64
        assertEquals(14.0 / 64, PredictionAgreement.mcnemarExact(1, 5), 1e-15);
        assertEquals(1.0, PredictionAgreement.mcnemarExact(3, 3), 0);
        assertEquals(1.0, PredictionAgreement.mcnemarExact(0, 0), 0);
    }

    @Test
    void identicalModelsHaveFullAgreementAndUndefinedDeLongTest(@TempDir Path dir) throws IOException {
        Path a = csv(dir, "a.csv", "id,fold,label,p_0,p_1", "x,0,0,0.8,0.2", "y,0,1,0.4,0.6", "z,0,0,0.3,0.7", "w,0,1,0.1,0.9");
        AgreementResult r = PredictionAgreement.compare(Predictions.read(a), Predictions.read(a));
        FoldAgreement f = r.pooled();
        assertEquals(1.0, f.cohenKappa(), 1e-15);
        assertEquals(1.0, f.errorConsistencyKappa(), 1e-15);
        assertTrue(Double.isNaN(f.delongP()));
        assertEquals(List.of("0"), r.perFold().stream().map(FoldAgreement::fold).toList());
    }
}
