package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's saved settings are read as KNIME reads them: a broken {@code settings.xml} stops {@code ./medtl run}
 * before any node runs, with a message naming the setting, the node and (for a missing key) the file; an
 * unknown key is a warning.
 */
class BrokenSettingsTest {

    private static final String NODE = "Medical Dataset Reader (#1)";
    private static final String WHERE = "of node 'Medical Dataset Reader' (#1)";

    /** One edit of the reader's settings.xml and the message it must give. */
    private record Case(String name, String from, String to, String message) {
    }

    private static final List<Case> BROKEN = List.of(
            new Case("removed key", "<entry key=\"seed\" type=\"xlong\" value=\"1\"/>", "",
                    "Setting 'seed' " + WHERE + " is missing from " + NODE + "/settings.xml"),
            new Case("renamed key", "<entry key=\"scheme\"", "<entry key=\"schema\"",
                    "Setting 'scheme' " + WHERE + " is missing from " + NODE + "/settings.xml"),
            new Case("boolean yes", "<entry key=\"verify\" type=\"xboolean\" value=\"true\"/>",
                    "<entry key=\"verify\" type=\"xboolean\" value=\"yes\"/>", "Setting 'verify' " + WHERE + " must be true or false, got 'yes'."),
            new Case("null string", "<entry key=\"scheme\" type=\"xstring\" value=\"nested-group\"/>",
                    "<entry key=\"scheme\" type=\"xstring\" isnull=\"true\" value=\"\"/>", "Setting 'scheme' " + WHERE + " must be text, got no value (isnull)."),
            new Case("word for an int", "<entry key=\"threads\" type=\"xint\" value=\"0\"/>",
                    "<entry key=\"threads\" type=\"xint\" value=\"two\"/>", "Setting 'threads' " + WHERE + " must be a whole number, got 'two'."),
            new Case("word for a double", "<entry key=\"windowCenter\" type=\"xdouble\" value=\"NaN\"/>",
                    "<entry key=\"windowCenter\" type=\"xdouble\" value=\"forty\"/>", "Setting 'windowCenter' " + WHERE + " must be a number, got 'forty'."),
            new Case("NaN where a number is needed", "<entry key=\"windowCenter\" type=\"xdouble\" value=\"NaN\"/>",
                    "<entry key=\"windowCenter\" type=\"xdouble\" value=\"40\"/>",
                    "node 'Medical Dataset Reader' (#1): Setting 'windowWidth' must be at least 1 when 'windowCenter' is set, got NaN."));

    /** A copy of the shipped reader workflow with one edit of the reader's settings.xml. */
    private static Path edited(Path tmp, String name, String from, String to) throws Exception {
        return TestInputs.readerWorkflowCopy(tmp.resolve(name.replace(' ', '-')), from, to);
    }

    @Test
    void brokenSavedSettingsStopTheRunBeforeAnyNodeRuns(@TempDir Path tmp) throws Exception {
        for (Case c : BROKEN) {
            Path wf = edited(tmp, c.name(), c.from(), c.to());
            Path out = tmp.resolve(c.name().replace(' ', '-') + "-out");
            CommandLineRun r = CommandLineRun.of("run", wf.toString(), "--out", out.toString());
            assertEquals(1, r.code(), c.name() + ": " + r.err());
            assertTrue(r.err().contains(c.message()), c.name() + ": expected\n" + c.message() + "\nin\n" + r.err());
            assertFalse(r.err().contains("Exception"), c.name() + ": " + r.err());
            assertFalse(Files.exists(out), c.name() + ": nothing may run or be written, but " + out + " exists");
        }
    }

    @Test
    void anUnknownKeyIsAWarningNamingNodeAndKey(@TempDir Path tmp) throws Exception {
        Path wf = edited(tmp, "extra key", "<entry key=\"kneeSlices\" type=\"xint\" value=\"0\"/>",
                "<entry key=\"kneeSlices\" type=\"xint\" value=\"0\"/>\n        <entry key=\"foldz\" type=\"xint\" value=\"3\"/>");
        Path out = tmp.resolve("out");
        CommandLineRun r = CommandLineRun.of("run", wf.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("medtl run: warning: node 'Medical Dataset Reader' (#1): " + NODE + "/settings.xml has setting 'foldz',"
                + " which this node does not have; it is ignored."), r.err());
    }

    @Test
    void theShippedWorkflowRunsWithoutWarnings(@TempDir Path tmp) {
        CommandLineRun r = CommandLineRun.of("run", TestInputs.datasetReaderWorkflow().toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
    }
}
