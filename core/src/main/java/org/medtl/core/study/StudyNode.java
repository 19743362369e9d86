package org.medtl.core.study;

import java.nio.file.Path;
import java.util.List;

import org.medtl.core.config.Config;
import org.medtl.core.config.InvalidConfigException;

/**
 * The headless twin of one MedTL KNIME node: same factory name, same ports, same settings record, same
 * core entry point. The KNIME node converts core results into KNIME tables and file stores; this writes
 * them as files.
 */
public interface StudyNode {

    /** Fully qualified class name of the KNIME node factory, as saved in {@code settings.xml}. */
    String factory();

    /** Input ports in KNIME order (port 1 first). */
    List<PortKind> inputs();

    /** Input ports (counting from 1) that may stay unconnected; their entry in {@code inputs} is then null. */
    default java.util.Set<Integer> optionalInputs() {
        return java.util.Set.of();
    }

    /** Output ports in KNIME order (port 1 first). */
    List<PortKind> outputs();

    /** The node's {@code validateSettings}: builds the settings record and fails as the node would. */
    void validate(Config settings) throws InvalidConfigException;

    /**
     * Runs the node.
     *
     * @param settings the node's settings with workflow variables applied
     * @param inputs   one entry per input port
     * @param outDir   an empty folder for this node's outputs
     * @param progress where progress goes and cancellation comes from
     * @return one entry per output port
     */
    List<PortData> execute(Config settings, List<PortData> inputs, Path outDir, RunProgress progress) throws Exception;
}
