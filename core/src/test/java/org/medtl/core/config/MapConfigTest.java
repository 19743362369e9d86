package org.medtl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapConfigTest {

    @Test
    void typedValuesRoundTripAndMissingKeysAreNamed() throws Exception {
        MapConfig c = new MapConfig();
        c.addInt("folds", 5);
        c.addString("seed", "2");
        c.addStringList("layers", List.of("conv1_relu", "conv5_block3_out"));
        assertEquals(5, c.getInt("folds"));
        assertEquals(2, c.getInt("seed"));
        assertEquals(List.of("conv1_relu", "conv5_block3_out"), c.getStringList("layers"));
        assertEquals(0.5, c.getDouble("dropout", 0.5));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> c.getDouble("lr"));
        assertTrue(e.getMessage().contains("'lr'"));
        c.addString("epochs", "many");
        e = assertThrows(InvalidConfigException.class, () -> c.getInt("epochs"));
        assertTrue(e.getMessage().contains("'epochs'") && e.getMessage().contains("many"));
    }
}
