package org.medtl.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

class PaperPairsTest {

    @Test
    void backboneVsItsFineTunedSelfIsPanelAAcrossInitialisationsPanelB() {
        assertEquals(new PaperPairs.Pair(PaperPairs.PANEL_A, "ImageNet \u2013 ImageNet-FT", 0), PaperPairs.of("IN vs IN-FT"));
        assertEquals(new PaperPairs.Pair(PaperPairs.PANEL_A, "RadImageNet \u2013 RadImageNet-FT", 1), PaperPairs.of("RIN vs RIN-FT"));
        assertEquals(PaperPairs.PANEL_A, PaperPairs.of("random vs random-FT").panel());
        assertEquals(new PaperPairs.Pair(PaperPairs.PANEL_B, "ImageNet-FT \u2013 RadImageNet-FT", 3), PaperPairs.of("IN-FT vs RIN-FT"));
        assertEquals(new PaperPairs.Pair(PaperPairs.PANEL_B, "ImageNet \u2013 RadImageNet", 4), PaperPairs.of("IN vs RIN"));
        assertEquals(PaperPairs.PANEL_B, PaperPairs.of("IN-FT vs random-FT").panel());
        assertEquals("ImageNet-FT \u2013 Random-FT", PaperPairs.of("IN-FT vs random-FT").label());
    }

    @Test
    void twoRandomNetworksAreLabelledAsTwoIndependentlyInitialisedNetworks() {
        PaperPairs.Pair p = PaperPairs.of("random vs random-2");
        assertEquals(PaperPairs.PANEL_B, p.panel());
        assertEquals("Random \u2013 Random (two independently initialised networks)", p.label());
        assertTrue(!p.label().contains("random-2"));
    }

    @Test
    void thePaperOrderWithinPanelsAndUnknownNamesKept() {
        List<String> quick = new ArrayList<>(List.of("IN vs RIN", "IN-FT vs RIN-FT", "IN vs IN-FT", "RIN vs RIN-FT", "random vs random-2"));
        quick.sort(Comparator.comparing((String s) -> PaperPairs.of(s).panel()).thenComparingInt(s -> PaperPairs.of(s).rank()));
        assertEquals(List.of("IN vs IN-FT", "RIN vs RIN-FT", "IN-FT vs RIN-FT", "IN vs RIN", "random vs random-2"), quick);
        assertEquals(new PaperPairs.Pair(PaperPairs.PANEL_B, "my pair", 6), PaperPairs.of("my pair"));
        assertEquals("A \u2013 B", PaperPairs.of("A vs B").label());
    }

    @Test
    void pretrainingSourcesOfInitLabels() {
        assertEquals("ImageNet", PaperPairs.pretrainingSource("ImageNet stand-in (synthetic natural images)"));
        assertEquals("RadImageNet", PaperPairs.pretrainingSource("RadImageNet"));
        assertNull(PaperPairs.pretrainingSource("random (before pretraining, IN stand-in)"));
    }
}
