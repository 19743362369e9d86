package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MedtlTest {


    private static CommandLineRun run(String... args) {
        return CommandLineRun.of(args);
    }

    @Test
    void helpListsEveryCommand() {
        CommandLineRun r = run("--help");
        assertEquals(0, r.code());
        for (Command c : Medtl.commands()) {
            assertTrue(r.out().contains(c.name()), "help does not list " + c.name());
        }
    }

    @Test
    void unknownCommandExitsTwoAndNamesIt() {
        CommandLineRun r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"));
    }

    @Test
    void doctorReportsEngineDevicesAndOfflineFlag() {
        CommandLineRun r = run("doctor");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("PyTorch 2.7.1"), r.out());
        assertTrue(r.out().contains("ai.djl.offline=true"), r.out());
        assertTrue(r.out().contains("auto picks"), r.out());
        assertTrue(r.out().contains("engine cache"), r.out());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CommandLineRun r = run("doctor", "--gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--gpu"), r.err());
    }

    @Test
    void argsParseRepeatedOptionsFlagsAndPositionals() {
        Args a = Args.parse(new String[] {"--var", "a=1", "--var=b=2", "--fast", "x.npy", "--n", "3", "y.npy"}, Set.of("fast"));
        assertEquals(List.of("a=1", "b=2"), a.all("var"));
        assertTrue(a.flag("fast"));
        assertEquals(3, a.getInt("n", 0));
        assertEquals(List.of("x.npy", "y.npy"), a.positionals());
    }

    @Test
    void jsonWritesUndefinedNumbersAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auc", Double.NaN);
        m.put("name", "a\"b");
        m.put("coefficients", new double[] {1.0, 0.5});
        String json = Json.write(m);
        assertTrue(json.contains("\"auc\": null"), json);
        assertTrue(json.contains("\"a\\\"b\""), json);
        assertTrue(json.contains("[1.0, 0.5]"), json);
    }
}
