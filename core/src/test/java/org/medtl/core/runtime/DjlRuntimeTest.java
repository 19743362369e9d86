package org.medtl.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

    @Test
    void engineStartsOfflineWithTheGuardRestoringTheCallersLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(foreign);
            ClassLoader seenInside = DjlRuntime.call(() -> Thread.currentThread().getContextClassLoader());
            assertEquals(DjlRuntime.class.getClassLoader(), seenInside);
            assertEquals(foreign, thread.getContextClassLoader());
            Engine engine = DjlRuntime.engine();
            assertEquals("PyTorch", engine.getEngineName());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
    }

    @Test
    void autoPicksTheCpuWithAReasonWhenNoGpuIsVisible() {
        DeviceChoice choice = DjlRuntime.selectDevices("auto");
        if (DjlRuntime.engine().getGpuCount() == 0) {
            assertEquals(Device.cpu(), choice.primary());
            assertTrue(choice.reason().contains("no CUDA device"), choice.reason());
        } else {
            assertTrue(choice.primary().isGpu());
        }
        assertEquals(Device.cpu(), DjlRuntime.selectDevices("cpu").primary());
    }

    @Test
    void gpuRequestWithoutGpuFailsInsteadOfFallingBack() {
        if (DjlRuntime.engine().getGpuCount() > 0) {
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DjlRuntime.selectDevices("gpu:0"));
        assertTrue(e.getMessage().contains("gpu:0") && e.getMessage().contains("cpu"), e.getMessage());
    }

    @Test
    void nonsenseDeviceRequestsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DjlRuntime.selectDevices("tpu"));
        assertTrue(e.getMessage().contains("'tpu'"), e.getMessage());
    }

    @Test
    void versionsNameEveryLibraryThatShapesResults() {
        Map<String, String> v = DjlRuntime.versions();
        assertEquals("0.36.0", v.get("djl"));
        assertTrue(v.get("pytorch").startsWith("2.7.1"), v.get("pytorch"));
        assertTrue(v.containsKey("medtl") && v.containsKey("java"));
    }
}
