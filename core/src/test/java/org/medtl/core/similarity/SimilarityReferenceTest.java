package org.medtl.core.similarity;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medtl.core.io.Npy;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values produced once by google/svcca (cca_core, pwcca) and by Gram-matrix CKA formulas, on the small
 * inputs in src/test/resources/org/medtl/core/similarity (tools/make_similarity_fixtures.py).
 */
class SimilarityReferenceTest {

    private static final String DIR = "/org/medtl/core/similarity/";

    static ActivationMatrix load(String name) throws Exception {
        try (InputStream in = SimilarityReferenceTest.class.getResourceAsStream(DIR + name)) {
            Path tmp = Files.createTempFile("fixture", ".npy");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Npy.Array a = Npy.read(tmp);
                int[] shape = a.shape();
                return ActivationMatrix.ofRowMajor(name, (float[]) a.data(), shape[0], shape[1]);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static JsonObject expected() throws Exception {
        try (InputStream in = SimilarityReferenceTest.class.getResourceAsStream(DIR + "expected.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static double[] doubles(JsonObject o, String key) {
        var arr = o.getAsJsonArray(key);
        double[] d = new double[arr.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = arr.get(i).getAsDouble();
        }
        return d;
    }

    @TestFactory
    List<DynamicTest> matchesReference() throws Exception {
        JsonObject cases = expected().getAsJsonObject("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : cases.keySet()) {
            JsonObject e = cases.getAsJsonObject(name);
            ActivationMatrix x = load(name + "_x.npy");
            ActivationMatrix y = load(name + "_y.npy");
            for (String eps : new String[] {"0", "1e-12", "1e-06"}) {
                JsonObject r = e.getAsJsonObject("cca_eps_" + eps);
                if (r.has("reference_error")) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(name + " cca eps " + eps, () -> {
                    SimilarityResult got = Similarity.compute(x, y,
                            new MeasureSettings(SimilarityMeasure.CCA, Double.parseDouble(eps), 0.99, 0));
                    assertEquals(r.get("value").getAsDouble(), got.value(), 1e-9);
                    assertEquals(r.get("mean_98_mass").getAsDouble(), got.summaries().get("mean_98_mass"), 1e-9);
                    assertArrayEquals(doubles(r, "coefficients"), got.coefficients(), 1e-7);
                    assertEquals(r.get("kept_x").getAsInt(), got.keptX());
                    assertEquals(r.get("kept_y").getAsInt(), got.keptY());
                }));
            }
            JsonObject pw = e.getAsJsonObject("pwcca_eps_1e-12");
            tests.add(DynamicTest.dynamicTest(name + " pwcca", () -> {
                SimilarityResult got = Similarity.compute(x, y, new MeasureSettings(SimilarityMeasure.PWCCA, 1e-12, 0.99, 0));
                assertEquals(pw.get("value").getAsDouble(), got.value(), 1e-8);
                assertArrayEquals(doubles(pw, "weights"), got.weights(), 1e-7);
                assertArrayEquals(doubles(pw, "coefficients"), got.coefficients(), 1e-7);
            }));
            for (String key : new String[] {"svcca_0.99", "svcca_dims_5"}) {
                JsonObject sv = e.getAsJsonObject(key);
                tests.add(DynamicTest.dynamicTest(name + " " + key, () -> {
                    MeasureSettings s = key.endsWith("5") ? new MeasureSettings(SimilarityMeasure.SVCCA, 1e-12, 0.99, 5)
                            : new MeasureSettings(SimilarityMeasure.SVCCA, 1e-12, 0.99, 0);
                    SimilarityResult got = Similarity.compute(x, y, s);
                    assertEquals(sv.get("kept_x").getAsInt(), got.keptX());
                    assertEquals(sv.get("kept_y").getAsInt(), got.keptY());
                    assertEquals(sv.get("value").getAsDouble(), got.value(), 1e-8);
                    assertArrayEquals(doubles(sv, "coefficients"), got.coefficients(), 1e-7);
                }));
            }
            tests.add(DynamicTest.dynamicTest(name + " cka", () -> {
                assertEquals(e.getAsJsonObject("cka").get("value").getAsDouble(),
                        Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA)).value(), 1e-10);
                assertEquals(e.getAsJsonObject("cka_debiased").get("value").getAsDouble(),
                        Similarity.compute(x, y, MeasureSettings.defaults(SimilarityMeasure.CKA_DEBIASED)).value(), 1e-10);
            }));
        }
        return tests;
    }
}
