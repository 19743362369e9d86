package org.medtl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.medtl.core.dataset.DatasetSettings;

/** Saved node settings have no defaults; the CLI's options do. */
class StrictConfigTest {

    private static MapConfig saved() {
        return MapConfig.saved("node 'Medical Dataset Reader' (#1)", "Medical Dataset Reader (#1)/settings.xml");
    }

    @Test
    void theCliTakesDefaultsForOptionsNotGiven() throws Exception {
        MapConfig c = new MapConfig();
        c.addString("source", "n=40,size=32");
        c.addString("preset", "synthetic-ultrasound");
        DatasetSettings s = DatasetSettings.fromConfig(c);
        assertEquals(DatasetSettings.of("x").folds(), s.folds());
        assertEquals(DatasetSettings.of("x").seed(), s.seed());
    }

    @Test
    void savedSettingsNameTheMissingKeyNodeAndFile() {
        MapConfig c = saved();
        c.addString("source", "n=40,size=32");
        c.addString("preset", "synthetic-ultrasound");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> DatasetSettings.fromConfig(c));
        assertEquals("Setting 'pathColumn' of node 'Medical Dataset Reader' (#1) is missing from Medical Dataset Reader (#1)/settings.xml."
                + " Open the node's dialog and confirm its settings, or regenerate the workflow.", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> saved().getLong("seed", 1L));
        assertThrows(InvalidConfigException.class, () -> saved().getStringList("layers", List.of()));
    }

    @Test
    void savedSettingsWithEveryKeyReadAsWrittenAndListTheUnreadOnes() throws Exception {
        DatasetSettings written = DatasetSettings.of("n=40,size=32").withPreset("pcam-small").withPresetOptions(5, 0);
        MapConfig c = saved();
        written.toConfig(c);
        c.addInt("foldz", 3);
        assertEquals(written, DatasetSettings.fromConfig(c));
        assertEquals(List.of("foldz"), c.unreadKeys());
        // The one text ./medtl run prints and the KNIME nodes show.
        assertEquals(List.of("node 'Medical Dataset Reader' (#1): Medical Dataset Reader (#1)/settings.xml has setting 'foldz', which this node"
                + " does not have; it is ignored. Check its spelling, or open the node's dialog and confirm its settings to drop it."),
                c.unknownSettingWarnings());
        MapConfig knime = MapConfig.saved("node 'Medical Dataset Reader' (#1)", null);
        written.toConfig(knime);
        knime.addInt("foldz", 3);
        DatasetSettings.fromConfig(knime);
        assertTrue(knime.unknownSettingWarnings().get(0).startsWith("node 'Medical Dataset Reader' (#1): the saved settings have setting"
                + " 'foldz', which this node does not have"), knime.unknownSettingWarnings().toString());
    }

    @Test
    void anOptionOfAnotherPresetIsRefusedNotIgnored() {
        MapConfig c = saved();
        DatasetSettings.of("n=40,size=32").withPreset("pcam-small").withPresetOptions(5, 0).toConfig(c);
        c.addString("preset", "synthetic-ultrasound");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> DatasetSettings.fromConfig(c));
        assertEquals("Setting 'pcamSamples' (--pcam-samples) is 5, but it applies to preset 'pcam-small' only and preset is"
                + " 'synthetic-ultrasound', so it would be ignored. Choose preset 'pcam-small', or set it back to 10000.", e.getMessage());
    }

    @Test
    void aValueOfATypeNoSettingHasNamesSettingAndNode() {
        MapConfig c = saved();
        c.addUnusable("folds", "a value of a type MedTL settings never have");
        c.addStringList("scheme", List.of("a", "b"));
        assertEquals("Setting 'folds' of node 'Medical Dataset Reader' (#1) must be a whole number, got a value of a type MedTL settings never"
                + " have.", assertThrows(InvalidConfigException.class, () -> c.getInt("folds")).getMessage());
        assertEquals("Setting 'scheme' of node 'Medical Dataset Reader' (#1) must be text, got a list of 2 value(s).",
                assertThrows(InvalidConfigException.class, () -> c.getString("scheme")).getMessage());
    }

    @Test
    void nullsAndWrongTypesNameSettingAndNode() {
        MapConfig c = saved();
        c.addString("scheme", null);
        c.addString("folds", "two");
        c.addString("verify", "yes");
        assertEquals("Setting 'scheme' of node 'Medical Dataset Reader' (#1) must be text, got no value (isnull).",
                assertThrows(InvalidConfigException.class, () -> c.getString("scheme")).getMessage());
        assertEquals("Setting 'scheme' of node 'Medical Dataset Reader' (#1) must be a whole number, got no value (isnull).",
                assertThrows(InvalidConfigException.class, () -> c.getInt("scheme")).getMessage());
        assertEquals("Setting 'folds' of node 'Medical Dataset Reader' (#1) must be a whole number, got 'two'.",
                assertThrows(InvalidConfigException.class, () -> c.getInt("folds", 5)).getMessage());
        assertEquals("Setting 'verify' of node 'Medical Dataset Reader' (#1) must be true or false, got 'yes'.",
                assertThrows(InvalidConfigException.class, () -> c.getBoolean("verify")).getMessage());
        MapConfig cli = new MapConfig();
        cli.addString("folds", "two");
        assertEquals("Setting 'folds' must be a whole number, got 'two'.",
                assertThrows(InvalidConfigException.class, () -> cli.getInt("folds")).getMessage());
    }
}
