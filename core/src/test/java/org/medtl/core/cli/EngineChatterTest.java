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
        String[] doctor = run(dir, "doctor");
        String stdout = doctor[0];
        String stderr = doctor[1];
        assertFalse(stderr.contains("CudaUtils"), "engine chatter in normal output:\n" + stderr);
        // Doctor says what the CUDA probe found instead, and why auto picks its device.
        assertTrue(stdout.contains("cuda            "), stdout);
        assertTrue(stdout.contains("auto picks"), stdout);
        boolean cudaRuntime = new File("/usr/local/cuda/lib64").isDirectory() || new File("/usr/local/cuda/lib").isDirectory();
        if (cudaRuntime && !new File("/proc/driver/nvidia").exists()) {
            assertTrue(stdout.contains("finds no usable GPU"), "the reason for no GPU is explained: " + stdout);
        }
    }

    @Test
    void libtorchWarningsStayOutWhenTorchCppLogLevelIsSet(@TempDir Path dir) throws Exception {
        // A convolution makes libtorch warn "Could not initialize NNPACK" on CPUs NNPACK does not support (this one).
        String[] quiet = run(dir, ConvolutionProbe.class, "ERROR");
        assertFalse(quiet[1].contains("NNPACK") || quiet[1].contains("AutoNonVariableTypeMode") || quiet[1].contains("CudaUtils"),
                "engine chatter in normal output:\n" + quiet[1]);
        // The same run without the variable computes the same (the level changes only what libtorch prints); on this
        // machine its standard error carries the NNPACK warning the level keeps out.
        String[] loud = run(dir, ConvolutionProbe.class, null);
        assertEquals(quiet[0], loud[0]);
    }

    /** Runs ./medtl's main class in a new JVM with the launcher's logging settings; returns {stdout, stderr}. */
    private static String[] run(Path dir, String... args) throws Exception {
        return run(dir, Medtl.class, "ERROR", args);
    }

    private static String[] run(Path dir, Class<?> main, String torchLogLevel, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.logFile=System.err", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (torchLogLevel != null) {
            pb.environment().put("TORCH_CPP_LOG_LEVEL", torchLogLevel); // as ./medtl sets it at its default log level
        } else {
            pb.environment().remove("TORCH_CPP_LOG_LEVEL");
        }
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", args) + " did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stdout + stderr);
        return new String[] {stdout, stderr};
    }
}
