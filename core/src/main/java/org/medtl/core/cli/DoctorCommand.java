package org.medtl.core.cli;

import ai.djl.engine.Engine;
import org.medtl.core.runtime.DeviceChoice;
import org.medtl.core.runtime.DjlRuntime;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/** {@code ./medtl doctor}: what this machine offers MedTL, and why {@code auto} picks its device. */
final class DoctorCommand implements Command {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "Java, DJL/PyTorch versions, devices, engine cache, offline flag";
    }

    @Override
    public String usage() {
        return "usage: ./medtl doctor\n\nPrints the Java version, DJL and PyTorch versions, the devices found (what the CUDA runtime\n"
                + "reports, and which libtorch is loaded) and which one 'auto' would pick and why, the engine cache folder and the offline flag. Exits 0 when the\n"
                + "PyTorch engine starts, 1 otherwise.";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        args.allowOptionsOnly(Set.of());
        out.println("java            " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        Engine engine = DjlRuntime.engine();
        Map<String, String> versions = DjlRuntime.versions();
        out.println("medtl           " + versions.get("medtl"));
        out.println("djl             " + versions.get("djl"));
        out.println("engine          " + engine.getEngineName() + " " + engine.getVersion());
        out.println("offline         ai.djl.offline=" + System.getProperty("ai.djl.offline"));
        out.println("engine cache    " + System.getProperty("ENGINE_CACHE_DIR", System.getenv("ENGINE_CACHE_DIR")));
        out.println("medtl cache     " + DjlRuntime.cacheDir() + " (set " + DjlRuntime.CACHE_DIR_VARIABLE + " to move it)");
        out.println("threads         " + DjlRuntime.threadCount() + " (set " + DjlRuntime.THREADS_VARIABLE + " to change)");
        out.println("cpu             " + Runtime.getRuntime().availableProcessors() + " processor(s), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        int gpus = engine.getGpuCount();
        out.println("cuda            " + DjlRuntime.cudaProbe());
        out.println("libtorch        " + (System.getenv("PYTORCH_LIBRARY_PATH") == null ? "the bundled CPU build (no CUDA kernels)"
                : "PYTORCH_LIBRARY_PATH=" + System.getenv("PYTORCH_LIBRARY_PATH") + ", PYTORCH_FLAVOR=" + System.getenv("PYTORCH_FLAVOR")));
        out.println("gpus            " + gpus + " visible to DJL's PyTorch engine (it needs a CUDA libtorch, a CUDA runtime and a driver)");
        for (int i = 0; i < gpus; i++) {
            out.println("  gpu(" + i + ")");
        }
        DeviceChoice auto = DjlRuntime.selectDevices("auto");
        out.println("auto picks      " + auto.describe() + " - " + auto.reason());
        return 0;
    }
}
