package org.medtl.knime.base;

import java.util.List;
import java.util.function.Consumer;

import javax.swing.JFileChooser;

import org.knime.core.node.defaultnodesettings.DefaultNodeSettingsPane;
import org.knime.core.node.defaultnodesettings.DialogComponentBoolean;
import org.knime.core.node.defaultnodesettings.DialogComponentFileChooser;
import org.knime.core.node.defaultnodesettings.DialogComponentNumber;
import org.knime.core.node.defaultnodesettings.DialogComponentString;
import org.knime.core.node.defaultnodesettings.DialogComponentStringListSelection;
import org.knime.core.node.defaultnodesettings.DialogComponentStringSelection;
import org.knime.core.node.defaultnodesettings.SettingsModel;
import org.knime.core.node.defaultnodesettings.SettingsModelBoolean;
import org.knime.core.node.defaultnodesettings.SettingsModelDoubleBounded;
import org.knime.core.node.defaultnodesettings.SettingsModelIntegerBounded;
import org.knime.core.node.defaultnodesettings.SettingsModelLong;
import org.knime.core.node.defaultnodesettings.SettingsModelString;
import org.knime.core.node.defaultnodesettings.SettingsModelStringArray;
import org.medtl.core.config.ConfigWriter;
import org.medtl.core.config.MapConfig;

/**
 * A {@link DefaultNodeSettingsPane} whose {@code SettingsModel}s take their config keys, value types and defaults
 * from the core settings record: the defaults are what the record writes with {@code toConfig}, and each model's
 * type follows the type the record writes (an {@code int} key gets a {@link SettingsModelIntegerBounded}, a
 * {@code long} key a {@link SettingsModelLong}, ...). KNIME reads settings type-strictly, so a dialog saving a
 * {@code long} where the record reads an {@code int} would fail; deriving the type rules that out.
 */
public class SettingsDialog extends DefaultNodeSettingsPane {

    private final MapConfig defaults = new MapConfig();

    /**
     * @param defaults writes the default settings, usually {@code XSettings.defaults()::toConfig}; keys the record
     *            cannot default (a required folder, say) are written by the node with an empty value
     */
    protected SettingsDialog(Consumer<ConfigWriter> defaults) {
        defaults.accept(this.defaults);
    }

    private Object value(String key) {
        if (!defaults.containsKey(key)) {
            throw new IllegalArgumentException("No default for setting '" + key + "': the dialog and the settings "
                + "record disagree on the config keys.");
        }
        return defaults.asMap().get(key);
    }

    private String text(String key) {
        Object v = value(key);
        return v == null ? "" : v.toString();
    }

    /** A free text field. */
    protected final SettingsModelString addString(String key, String label) {
        SettingsModelString m = new SettingsModelString(key, text(key));
        addDialogComponent(new DialogComponentString(m, label));
        return m;
    }

    /** A drop-down list of the values the core accepts for the key. */
    protected final SettingsModelString addChoice(String key, String label, List<String> options) {
        SettingsModelString m = new SettingsModelString(key, text(key));
        addDialogComponent(new DialogComponentStringSelection(m, label, options));
        return m;
    }

    /** A file or folder chooser. */
    protected final SettingsModelString addPath(String key, String label, boolean folder, String... extensions) {
        SettingsModelString m = new SettingsModelString(key, text(key));
        DialogComponentFileChooser chooser = folder
            ? new DialogComponentFileChooser(m, "medtl." + key, JFileChooser.OPEN_DIALOG, true)
            : new DialogComponentFileChooser(m, "medtl." + key, JFileChooser.OPEN_DIALOG, false, extensions);
        chooser.setBorderTitle(label);
        addDialogComponent(chooser);
        return m;
    }

    /** A folder chooser for an output folder. */
    protected final SettingsModelString addOutputFolder(String key, String label) {
        SettingsModelString m = new SettingsModelString(key, text(key));
        DialogComponentFileChooser chooser =
            new DialogComponentFileChooser(m, "medtl." + key, JFileChooser.SAVE_DIALOG, true);
        chooser.setBorderTitle(label);
        addDialogComponent(chooser);
        return m;
    }

    /** A number field whose model type follows the type the record writes for the key. */
    protected final SettingsModel addNumber(String key, String label, double min, double max, double step) {
        Object v = value(key);
        if (v instanceof Integer i) {
            SettingsModelIntegerBounded m = new SettingsModelIntegerBounded(key, i, (int)min, (int)max);
            addDialogComponent(new DialogComponentNumber(m, label, (int)Math.max(1, step)));
            return m;
        }
        if (v instanceof Long l) {
            SettingsModelLong m = new SettingsModelLong(key, l);
            addDialogComponent(new DialogComponentNumber(m, label, (long)Math.max(1, step)));
            return m;
        }
        if (v instanceof Double d) {
            SettingsModelDoubleBounded m = new SettingsModelDoubleBounded(key, d, min, max);
            addDialogComponent(new DialogComponentNumber(m, label, step));
            return m;
        }
        throw new IllegalArgumentException("Setting '" + key + "' is not a number in the settings record: " + v);
    }

    /** A check box. */
    protected final SettingsModelBoolean addFlag(String key, String label) {
        Object v = value(key);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("Setting '" + key + "' is not a flag in the settings record: " + v);
        }
        SettingsModelBoolean m = new SettingsModelBoolean(key, b);
        addDialogComponent(new DialogComponentBoolean(m, label));
        return m;
    }

    /** A multi-selection list; {@code required} demands at least one selected item. */
    protected final SettingsModelStringArray addList(String key, String label, List<String> options, boolean required) {
        Object v = value(key);
        @SuppressWarnings("unchecked")
        List<String> selected = v instanceof List<?> l ? (List<String>)l : List.of();
        SettingsModelStringArray m = new SettingsModelStringArray(key, selected.toArray(new String[0]));
        addDialogComponent(new DialogComponentStringListSelection(m, label, options, required, Math.min(8, options.size())));
        return m;
    }
}
