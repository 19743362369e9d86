package org.medtl.knime.base;

import java.util.Arrays;

import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.NodeSettingsRO;
import org.knime.core.node.workflow.NodeContainer;
import org.knime.core.node.workflow.NodeContext;
import org.medtl.core.config.MapConfig;

/**
 * A node's KNIME settings as the core's saved-settings {@link MapConfig}, the form {@code ./medtl run} reads a
 * {@code settings.xml} into: so {@code XSettings.fromConfig} sees the same values, and a missing key, a null value,
 * a value of the wrong type and a key the node does not read give the same messages, naming the setting and the node,
 * in KNIME as in the runner.
 */
public final class NodeSettingsConfig {

    private NodeSettingsConfig() {
    }

    /**
     * Copies every entry of {@code settings} with its KNIME type (int, long, double, boolean, string, string array).
     * KNIME's typed getters fail for an entry of another type, so trying them in turn recovers the saved type.
     */
    public static MapConfig of(NodeSettingsRO settings) {
        MapConfig c = MapConfig.saved(currentNode(), null);
        for (String key : settings) {
            try {
                c.addInt(key, settings.getInt(key));
                continue;
            } catch (InvalidSettingsException notAnInt) {
                // try the next type
            }
            try {
                c.addLong(key, settings.getLong(key));
                continue;
            } catch (InvalidSettingsException notALong) {
                // try the next type
            }
            try {
                c.addDouble(key, settings.getDouble(key));
                continue;
            } catch (InvalidSettingsException notADouble) {
                // try the next type
            }
            try {
                c.addBoolean(key, settings.getBoolean(key));
                continue;
            } catch (InvalidSettingsException notABoolean) {
                // try the next type
            }
            try {
                // Null (isnull="true") stays null: MapConfig reports it as "got no value".
                c.addString(key, settings.getString(key));
                continue;
            } catch (InvalidSettingsException notAString) {
                // try the next type
            }
            try {
                String[] values = settings.getStringArray(key);
                // KNIME stores an unset string array as null; the core treats it as an empty list.
                c.addStringList(key, values == null ? java.util.List.of() : Arrays.asList(values));
            } catch (InvalidSettingsException other) {
                c.addUnusable(key, "a value of a type MedTL settings never have");
            }
        }
        return c;
    }

    /**
     * "node 'Name' (#id)", as {@code ./medtl run} names nodes. KNIME sets the node context while it validates, loads
     * and configures a node; without one (a third-party executor) messages say "this node".
     */
    static String currentNode() {
        NodeContext context = NodeContext.getContext();
        NodeContainer node = context == null ? null : context.getNodeContainer();
        return node == null ? "this node" : "node '" + node.getName() + "' (#" + node.getID().getIndex() + ")";
    }
}
