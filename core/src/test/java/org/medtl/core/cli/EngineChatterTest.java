package org.medtl.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CUDA toolkit without a driver (this build machine: nvcc and libcudart, no NVIDIA driver) made DJL log
 * "WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count" on every command. The command line runs in a fresh
 * JVM here, with the logging ./medtl sets up, so the logger is configured exactly as for a user.
 */
class EngineChatterTest {

    @Test
    void doctorExplainsDeviceDetectionWithoutCudaWarnings(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(java, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.logFile=System.err", "-cp", System.getProperty("java.class.path"), Medtl.class.getName(), "doctor"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "doctor did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertFalse(stderr.contains("CudaUtils"), "engine chatter in normal output:\n" + stderr);
        // Doctor says what the CUDA probe found instead, and why auto picks its device.
        assertTrue(stdout.contains("cuda            "), stdout);
        assertTrue(stdout.contains("auto picks"), stdout);
        boolean cudaRuntime = new File("/usr/local/cuda/lib64").isDirectory() || new File("/usr/local/cuda/lib").isDirectory();
        if (cudaRuntime && !new File("/proc/driver/nvidia").exists()) {
            assertTrue(stdout.contains("finds no usable GPU"), "the reason for no GPU is explained: " + stdout);
        }
    }
}
