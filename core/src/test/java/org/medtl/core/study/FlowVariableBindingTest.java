package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medtl.core.config.MapConfig;

/**
 * Flow-variable bindings are read as KNIME 5.5 reads them ({@code variables/tree/<key>/used_variable}) and a
 * variable's value reaches a setting only where KNIME's {@code VariableType#overwrite} converts it; workflow
 * variables are read with their {@code class} and typed {@code value}.
 */
class FlowVariableBindingTest {

    /** A one-node workflow whose settings have one entry of every type MedTL writes, bound as given. */
    private static Workflow workflow(Path dir, Map<String, String> bindings, FlowVariable... variables) throws IOException {
        WorkflowBuilder b = new WorkflowBuilder("variables");
        for (FlowVariable v : variables) {
            b.variable(v.name(), v.type(), v.value());
        }
        MapConfig settings = new MapConfig();
        settings.addString("text", "saved");
        settings.addInt("count", 2);
        settings.addLong("seed", 1L);
        settings.addDouble("rate", 0.5);
        settings.addBoolean("flag", false);
        settings.addStringList("names", List.of("a", "b"));
        b.node(DatasetReaderStep.FACTORY, "Medical Dataset Reader", settings, bindings);
        b.write(dir);
        return Workflow.read(dir);
    }

    private static MapConfig model(Workflow wf, Map<String, String> overrides) throws IOException {
        Map<String, String> values = new java.util.HashMap<>(wf.variables());
        values.putAll(overrides);
        return wf.node(1).model(values);
    }

    @Test
    void bindingsAreWrittenAndReadInKnimesTreeLayoutInSettingsOrder(@TempDir Path tmp) throws Exception {
        Workflow wf = workflow(tmp.resolve("wf"), Map.of("rate", "r", "count", "n"), new FlowVariable("n", FlowVariable.Type.INTEGER, "7"),
                new FlowVariable("r", FlowVariable.Type.DOUBLE, "0.25"));
        KnimeConfig variables = wf.node(1).settings().config("variables");
        assertEquals(Workflow.VARIABLES_VERSION, variables.string("version"));
        assertEquals(List.of("count", "rate"), List.copyOf(variables.config("tree").children().keySet()), "the order of the settings, as KNIME");
        assertEquals("n", variables.config("tree").config("count").string("used_variable"));
        assertTrue(variables.config("tree").config("count").children().containsKey("exposed_variable"));
        assertEquals(Map.of("count", "n", "rate", "r"), wf.node(1).variableBindings());

        MapConfig m = model(wf, Map.of());
        assertEquals(7, m.getInt("count"));
        assertEquals(0.25, m.getDouble("rate"));
        assertEquals("saved", m.getString("text"), "unbound settings keep their saved value");
        assertEquals(5, model(wf, Map.of("n", "5")).getInt("count"));
    }

    @Test
    void workflowVariablesAreSavedWithTheirClassAndATypedValue(@TempDir Path tmp) throws Exception {
        Workflow wf = workflow(tmp.resolve("wf"), Map.of(), new FlowVariable("s", FlowVariable.Type.STRING, "x"),
                new FlowVariable("i", FlowVariable.Type.INTEGER, "3"), new FlowVariable("d", FlowVariable.Type.DOUBLE, "NaN"),
                new FlowVariable("b", FlowVariable.Type.BOOLEAN, "true"));
        KnimeConfig vars = KnimeConfig.read(tmp.resolve("wf").resolve("workflow.knime")).config("workflow_variables");
        assertEquals(List.of("Var_0", "Var_1", "Var_2", "Var_3"), List.copyOf(vars.children().keySet()));
        assertEquals(new KnimeConfig.Entry("xint", "3"), vars.config("Var_1").entry("value"));
        assertEquals("INTEGER", vars.config("Var_1").string("class"));
        assertEquals(new KnimeConfig.Entry("xdouble", "NaN"), vars.config("Var_2").entry("value"));
        assertEquals(new KnimeConfig.Entry("xboolean", "true"), vars.config("Var_3").entry("value"));
        assertEquals(FlowVariable.Type.DOUBLE, wf.flowVariables().get("d").type());
        assertEquals(Map.of("s", "x", "i", "3", "d", "NaN", "b", "true"), wf.variables());
    }

    @Test
    void valuesConvertAsKnimeConvertsThem(@TempDir Path tmp) throws Exception {
        // Integer into string, long and double settings; Boolean and String into boolean; any into a string array
        // as one element (KNIME does not split text).
        Workflow wf = workflow(tmp.resolve("wf"), Map.of("text", "i", "seed", "i2", "rate", "i3", "flag", "s", "names", "s2"),
                new FlowVariable("i", FlowVariable.Type.INTEGER, "3"), new FlowVariable("i2", FlowVariable.Type.INTEGER, "4"),
                new FlowVariable("i3", FlowVariable.Type.INTEGER, "5"), new FlowVariable("s", FlowVariable.Type.STRING, "TRUE"),
                new FlowVariable("s2", FlowVariable.Type.STRING, "x,y"));
        MapConfig m = model(wf, Map.of());
        assertEquals("3", m.getString("text"));
        assertEquals(4L, m.getLong("seed"));
        assertEquals(5.0, m.getDouble("rate"));
        assertTrue(m.getBoolean("flag"));
        assertEquals(List.of("x,y"), m.getStringList("names"));
    }

    @Test
    void unconvertibleValuesAreRefusedNamingNodeSettingAndVariable(@TempDir Path tmp) throws Exception {
        // KNIME refuses a String variable for a number setting (its batch executor needs -workflow.variable=n,3,int).
        Workflow wf = workflow(tmp.resolve("a"), Map.of("count", "n"), new FlowVariable("n", FlowVariable.Type.STRING, "3"));
        IOException e = assertThrows(IOException.class, () -> model(wf, Map.of()));
        assertTrue(e.getMessage().contains("Medical Dataset Reader' (#1)") && e.getMessage().contains("'count'") && e.getMessage().contains("'n'")
                && e.getMessage().contains("STRING"), e.getMessage());

        Workflow dbl = workflow(tmp.resolve("b"), Map.of("count", "d"), new FlowVariable("d", FlowVariable.Type.DOUBLE, "2.0"));
        e = assertThrows(IOException.class, () -> model(dbl, Map.of()));
        assertTrue(e.getMessage().contains("'count'") && e.getMessage().contains("DOUBLE"), e.getMessage());

        Workflow str = workflow(tmp.resolve("c"), Map.of("flag", "s"), new FlowVariable("s", FlowVariable.Type.STRING, "true"));
        e = assertThrows(IOException.class, () -> model(str, Map.of("s", "yes")));
        assertTrue(e.getMessage().contains("'flag'") && e.getMessage().contains("neither true nor false"), e.getMessage());

        Workflow integer = workflow(tmp.resolve("d"), Map.of("count", "n"), new FlowVariable("n", FlowVariable.Type.INTEGER, "3"));
        e = assertThrows(IOException.class, () -> model(integer, Map.of("n", "three")));
        assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("INTEGER"), e.getMessage());
    }

    @Test
    void bindingsKnimeWouldIgnoreAreRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("wf");
        Workflow wf = workflow(dir, Map.of("count", "n"), new FlowVariable("n", FlowVariable.Type.INTEGER, "3"));
        // The layout MedTL wrote before: variables/version plus variables/model/<key>. KNIME then takes the whole
        // variables config as the tree, finds no setting "model", and ignores the binding; the runner refuses it.
        Path settings = dir.resolve(wf.node(1).settingsFile());
        KnimeConfig s = KnimeConfig.read(settings);
        KnimeConfig variables = s.config("variables");
        KnimeConfig tree = variables.config("tree");
        variables.children().remove("tree");
        KnimeConfig model = new KnimeConfig("model");
        tree.children().forEach((k, v) -> model.putConfig((KnimeConfig) v));
        variables.putConfig(model);
        s.write(settings);
        Workflow old = Workflow.read(dir);
        assertEquals(Map.of("model", "(nested bindings [count])"), old.node(1).variableBindings());
        IOException e = assertThrows(IOException.class, () -> model(old, Map.of()));
        assertTrue(e.getMessage().contains("'model'") && e.getMessage().contains("does not have"), e.getMessage());
        assertTrue(Files.readString(settings).contains("key=\"model\""));
    }

    @Test
    void workflowVariablesWithAValueOfTheWrongTypeAreRefusedOnRead(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("wf");
        workflow(dir, Map.of(), new FlowVariable("n", FlowVariable.Type.INTEGER, "3"));
        KnimeConfig wf = KnimeConfig.read(dir.resolve("workflow.knime"));
        wf.config("workflow_variables").config("Var_0").put("value", "xstring", "3");
        wf.write(dir.resolve("workflow.knime"));
        IOException e = assertThrows(IOException.class, () -> Workflow.read(dir));
        assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("xint"), e.getMessage());
    }
}
