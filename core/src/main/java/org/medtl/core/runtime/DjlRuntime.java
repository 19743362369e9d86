package org.medtl.core.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The one place where MedTL configures DJL and its PyTorch engine. Every DJL entry point in MedTL
 * (CLI, KNIME nodes, tests) goes through {@link #call(Callable)} so that
 * <ul>
 *   <li>offline mode is on before DJL reads it: without {@code ai.djl.offline=true} the engine
 *       start contacts cloud metadata and telemetry hosts, which is forbidden traffic in hospitals
 *       and on our build machines;</li>
 *   <li>the native engine cache lives in a writable folder we document ({@link #cacheDir()});</li>
 *   <li>the thread context class loader is the one that loaded DJL. DJL discovers its engine with
 *       {@link java.util.ServiceLoader} and its native library as a class-path resource through the
 *       context class loader; KNIME runs nodes on pool threads whose context loader is not our
 *       bundle's, and DJL caches the result once per JVM, so a single unguarded call poisons it.</li>
 * </ul>
 */
public final class DjlRuntime {

    /** Engine name DJL registers for PyTorch. */
    public static final String ENGINE = "PyTorch";
    /** Environment variable or system property that moves the MedTL cache. */
    public static final String CACHE_DIR_VARIABLE = "MEDTL_CACHE_DIR";
    /** Environment variable or system property for PyTorch's intra-op thread count. */
    public static final String THREADS_VARIABLE = "MEDTL_THREADS";

    private static boolean configured;

    private DjlRuntime() {
    }

    /** Sets DJL's system properties once, before any DJL class reads them. Idempotent. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        quietCudaProbe();
        Path cache = cacheDir();
        Path djlCache = cache.resolve("djl");
        try {
            Files.createDirectories(djlCache);
        } catch (IOException e) {
            throw new IllegalStateException("MedTL cache folder " + djlCache + " cannot be created (" + e.getMessage()
                    + "). Set " + CACHE_DIR_VARIABLE + " to a writable folder.", e);
        }
        if (!Files.isWritable(djlCache)) {
            throw new IllegalStateException("MedTL cache folder " + djlCache + " is not writable. Set "
                    + CACHE_DIR_VARIABLE + " to a writable folder.");
        }
        // DJL reads these as system properties or environment variables; an explicit user choice wins.
        setIfAbsent("DJL_CACHE_DIR", djlCache.toString());
        setIfAbsent("ENGINE_CACHE_DIR", djlCache.toString());
        String threads = String.valueOf(threadCount());
        setIfAbsent("ai.djl.pytorch.num_threads", threads);
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        configured = true;
    }

    /** slf4j-simple's per-logger level key (the binding ./medtl uses) for DJL's CUDA probe. */
    static final String CUDA_PROBE_LOG_LEVEL = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    /**
     * DJL asks the CUDA runtime for the GPU count at engine start and on every device query, and logs a warning each
     * time the runtime is installed without a usable driver (a CUDA toolkit on a CPU machine). That is not a problem
     * for a CPU run, so the warning is kept out of normal output; {@code ./medtl doctor} explains the probe instead
     * ({@link #cudaProbe()}). Users who ask for debug or trace logging, or set the logger's level, see it as before.
     */
    private static void quietCudaProbe() {
        String level = setting("org.slf4j.simpleLogger.defaultLogLevel");
        boolean verbose = level != null && (level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace"));
        if (!verbose && setting(CUDA_PROBE_LOG_LEVEL) == null) {
            System.setProperty(CUDA_PROBE_LOG_LEVEL, "error");
        }
    }

    private static boolean nativeLogLevelApplied;

    /**
     * libtorch prints its C++ warnings (NNPACK on unsupported CPUs, deprecations inside DJL's native bridge) straight
     * to standard error. Its logging honours {@code TORCH_CPP_LOG_LEVEL} only once {@code c10::initLogging()} has run,
     * which Python's torch does and DJL does not; so when the variable is set (./medtl sets ERROR at its default log
     * level) it is applied here, once, after the engine has loaded libc10.
     */
    private static synchronized void applyNativeLogLevel() {
        if (nativeLogLevelApplied) {
            return;
        }
        nativeLogLevelApplied = true;
        if (System.getenv("TORCH_CPP_LOG_LEVEL") == null) {
            return;
        }
        try {
            Engine.getEngine(ENGINE);
            // libc10 is already loaded by the engine; the dynamic linker hands back that instance by its name.
            com.sun.jna.NativeLibrary.getInstance("c10").getFunction("_ZN3c1011initLoggingEv").invokeVoid(new Object[0]);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // Only the noise level is at stake; an engine that does not start reports itself in the work that follows.
            org.slf4j.LoggerFactory.getLogger(DjlRuntime.class).debug("TORCH_CPP_LOG_LEVEL could not be applied to libtorch: {}", e.toString());
        }
    }

    /**
     * What the CUDA runtime says about this machine, asked directly (not through DJL, whose answer is only a count):
     * whether {@code libcudart} is installed, its version, and the GPU count or the runtime's error.
     */
    public static String cudaProbe() {
        ai.djl.util.cuda.CudaLibrary cuda;
        try {
            cuda = com.sun.jna.Native.load("cudart", ai.djl.util.cuda.CudaLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            return "no CUDA runtime (libcudart) on the library path";
        }
        int[] version = new int[1];
        String runtime = cuda.cudaRuntimeGetVersion(version) == 0
                ? "CUDA runtime " + version[0] / 1000 + "." + (version[0] % 1000) / 10 : "CUDA runtime of unknown version";
        int[] count = new int[1];
        int code = cuda.cudaGetDeviceCount(count);
        if (code == 0) {
            return runtime + " reports " + count[0] + " GPU(s)";
        }
        return runtime + " installed, but it finds no usable GPU: " + cuda.cudaGetErrorString(code) + " (CUDA error " + code + ")"
                + (code == ai.djl.util.cuda.CudaLibrary.INSUFFICIENT_DRIVER ? "; no NVIDIA driver (or one too old for this runtime) is loaded" : "");
    }

    /**
     * Runs a DJL entry point with DJL configured and the context class loader set to the loader that
     * holds DJL and MedTL's core (inside KNIME: our plugin bundle).
     */
    public static <T> T call(Callable<T> work) {
        configure();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            applyNativeLogLevel();
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@link #call(Callable)} for work without a result. */
    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs inference with libtorch's grad mode off. Grad mode is per thread in libtorch and on by default on
     * every thread but the one that started the engine (KNIME's pool threads, the runner's workers); left on,
     * inference records an autograd graph that keeps every intermediate map alive until its manager closes.
     */
    public static <T> T withoutGradients(java.util.function.Supplier<T> inference) {
        boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            return inference.get();
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
        }
    }

    /** The PyTorch engine, started offline on first use. */
    public static Engine engine() {
        return call(() -> {
            try {
                return Engine.getEngine(ENGINE);
            } catch (RuntimeException e) {
                throw new IllegalStateException("DJL's PyTorch engine did not start: " + e.getMessage()
                        + ". The bundled CPU libtorch is unpacked into " + cacheDir().resolve("djl")
                        + "; check that this folder is writable and has about 500 MB free, or run './medtl doctor'.", e);
            }
        });
    }

    /** Folder for the engine cache and MedTL's own caches: {@code MEDTL_CACHE_DIR} or {@code ~/.medtl}. */
    public static Path cacheDir() {
        String configuredDir = setting(CACHE_DIR_VARIABLE);
        if (configuredDir != null && !configuredDir.isBlank()) {
            return Paths.get(configuredDir).toAbsolutePath();
        }
        return Paths.get(System.getProperty("user.home"), ".medtl").toAbsolutePath();
    }

    /** PyTorch intra-op threads: {@code MEDTL_THREADS}, else the number of available processors. */
    public static int threadCount() {
        String value = setting(THREADS_VARIABLE);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_VARIABLE + "='" + value + "' is not a positive whole number.");
        }
    }

    /**
     * Resolves a device request.
     *
     * @param request {@code auto}, {@code cpu}, {@code gpu} (all GPUs), {@code gpu:0} or {@code gpu:0,1}
     * @return the devices to use and why; several GPUs mean data-parallel training
     * @throws IllegalArgumentException for a request that is not understood
     * @throws IllegalStateException when GPUs are requested but not present (never a silent CPU fallback)
     */
    public static DeviceChoice selectDevices(String request) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        int gpus = engine().getGpuCount();
        switch (r) {
            case "auto":
                if (gpus > 0) {
                    return new DeviceChoice(List.of(Device.gpu(0)),
                            "auto: DJL's PyTorch engine reports " + gpus + " CUDA device(s); using gpu(0)");
                }
                return new DeviceChoice(List.of(Device.cpu()), "auto: no CUDA device visible to DJL's PyTorch engine ("
                        + gpuAbsenceReason() + "); using the CPU");
            case "cpu":
                return new DeviceChoice(List.of(Device.cpu()), "cpu requested");
            default:
                break;
        }
        if (!r.startsWith("gpu")) {
            throw new IllegalArgumentException("Device '" + request + "' is not understood: use auto, cpu, gpu, gpu:0 or gpu:0,1.");
        }
        if (gpus == 0) {
            throw new IllegalStateException("Device '" + request + "' was requested but DJL's PyTorch engine sees no GPU ("
                    + gpuAbsenceReason() + "). Choose 'cpu' or 'auto', or install a CUDA libtorch " + ptVersion()
                    + " and set PYTORCH_LIBRARY_PATH and PYTORCH_FLAVOR (see README, GPU).");
        }
        List<Device> devices = new ArrayList<>();
        if (r.equals("gpu")) {
            for (int i = 0; i < gpus; i++) {
                devices.add(Device.gpu(i));
            }
        } else {
            if (!r.startsWith("gpu:")) {
                throw new IllegalArgumentException("Device '" + request + "' is not understood: use auto, cpu, gpu, gpu:0 or gpu:0,1.");
            }
            for (String id : r.substring(4).split(",")) {
                int index;
                try {
                    index = Integer.parseInt(id.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Device '" + request + "': '" + id + "' is not a GPU number.");
                }
                if (index < 0 || index >= gpus) {
                    throw new IllegalStateException("Device '" + request + "': GPU " + index + " does not exist; DJL sees "
                            + gpus + " GPU(s), numbered 0.." + (gpus - 1) + ".");
                }
                devices.add(Device.gpu(index));
            }
        }
        return new DeviceChoice(List.copyOf(devices), request + " requested; DJL sees " + gpus + " GPU(s)");
    }

    /** Versions that every model and activation set records in its provenance. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("medtl", MedtlVersion.get());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", ptVersion());
        return v;
    }

    private static String ptVersion() {
        return engine().getVersion();
    }

    private static String gpuAbsenceReason() {
        String flavor = setting("PYTORCH_FLAVOR");
        String path = setting("PYTORCH_LIBRARY_PATH");
        if (path == null) {
            return "the bundled libtorch is the CPU build from Maven Central; no PYTORCH_LIBRARY_PATH is set; " + cudaProbe();
        }
        return "PYTORCH_LIBRARY_PATH=" + path + (flavor == null ? "" : ", PYTORCH_FLAVOR=" + flavor)
                + " but no CUDA device or driver was found; " + cudaProbe();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** An environment variable or the system property of the same name (the property wins). */
    public static String setting(String key) {
        String value = System.getProperty(key);
        return value != null ? value : System.getenv(key);
    }
}
