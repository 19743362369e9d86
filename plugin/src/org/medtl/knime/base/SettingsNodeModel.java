package org.medtl.knime.base;

import java.io.File;
import java.util.List;
import java.util.function.BiConsumer;

import org.knime.core.node.ExecutionMonitor;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.NodeSettingsWO;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.medtl.core.config.Config;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.InvalidConfigException;
import org.medtl.core.config.MapConfig;

/**
 * A node model whose settings are one immutable core record {@code S}: validating, loading and saving go through
 * the record's {@code fromConfig}/{@code toConfig}, so the node accepts exactly what the CLI accepts and reports the
 * same messages. Subclasses only implement {@code configure} and {@code execute}, each a translation to one core
 * call. Nothing is kept between executions (outputs live in KNIME's tables and file stores), so there are no
 * internals to save.
 *
 * @param <S> the capability's settings record
 */
public abstract class SettingsNodeModel<S> extends NodeModel {

    /** {@code XSettings::fromConfig}. */
    @FunctionalInterface
    public interface SettingsReader<S> {
        S fromConfig(Config config) throws InvalidConfigException;
    }

    private final SettingsReader<S> reader;
    private final BiConsumer<S, ConfigWriter> writer;
    private S settings;
    private List<String> unknownSettings = List.of();

    /**
     * @param reader   {@code XSettings::fromConfig}
     * @param writer   {@code XSettings::toConfig}
     * @param defaults the core's defaults (the same the dialog shows), or null when a setting has no default (a
     *            dataset folder, say) and the node must be configured in its dialog first
     */
    protected SettingsNodeModel(PortType[] inPortTypes, PortType[] outPortTypes, SettingsReader<S> reader,
        BiConsumer<S, ConfigWriter> writer, S defaults) {
        super(inPortTypes, outPortTypes);
        this.reader = reader;
        this.writer = writer;
        this.settings = defaults;
    }

    /** Builds the settings record from KNIME settings; the core's message becomes KNIME's. */
    public static <S> S read(NodeSettingsRO settings, SettingsReader<S> reader) throws InvalidSettingsException {
        return read(NodeSettingsConfig.of(settings), reader);
    }

    private static <S> S read(MapConfig config, SettingsReader<S> reader) throws InvalidSettingsException {
        try {
            return reader.fromConfig(config);
        } catch (InvalidConfigException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    /** The current settings; fails in {@code configure} until the user has confirmed the dialog once. */
    protected final S settings() throws InvalidSettingsException {
        if (settings == null) {
            throw new InvalidSettingsException("The node is not configured yet: open its dialog and confirm the settings.");
        }
        return settings;
    }

    @Override
    protected final void saveSettingsTo(NodeSettingsWO out) {
        if (settings != null) {
            writer.accept(settings, new NodeSettingsConfigWriter(out));
        }
    }

    @Override
    protected final void validateSettings(NodeSettingsRO in) throws InvalidSettingsException {
        read(in, reader);
    }

    /** Keys the node does not read are warned about, as {@code ./medtl run} does: in the log now, on the node when it configures. */
    @Override
    protected final void loadValidatedSettingsFrom(NodeSettingsRO in) throws InvalidSettingsException {
        MapConfig config = NodeSettingsConfig.of(in);
        settings = read(config, reader);
        unknownSettings = config.unknownSettingWarnings();
        for (String warning : unknownSettings) {
            getLogger().warn(warning);
        }
    }

    /**
     * {@link #configureNode} and, when the loaded settings held keys the node does not read, a warning naming them
     * (KNIME clears a node's warning before each configure).
     */
    @Override
    protected final PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        PortObjectSpec[] specs = configureNode(inSpecs);
        if (!unknownSettings.isEmpty()) {
            setWarningMessage(String.join("\n", unknownSettings));
        }
        return specs;
    }

    /** The node's {@code configure}: output specs from the input specs and {@link #settings()}. */
    protected abstract PortObjectSpec[] configureNode(PortObjectSpec[] inSpecs) throws InvalidSettingsException;

    @Override
    protected void reset() {
        // Nothing cached: outputs are owned by KNIME (tables, file stores).
    }

    @Override
    protected final void loadInternals(File nodeInternDir, ExecutionMonitor exec) {
        // No internals: see class comment.
    }

    @Override
    protected final void saveInternals(File nodeInternDir, ExecutionMonitor exec) {
        // No internals: see class comment.
    }
}
