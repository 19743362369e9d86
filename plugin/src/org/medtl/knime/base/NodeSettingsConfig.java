package org.medtl.knime.base;

import java.util.Arrays;
import java.util.List;

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

    /** Copies one entry if it has the getter's KNIME type; KNIME's typed getters fail for an entry of another type. */
    @FunctionalInterface
    private interface TypedCopy {
        void copy(NodeSettingsRO from, String key, MapConfig to) throws InvalidSettingsException;
    }

    /** The KNIME types MedTL settings have, in the order tried. A null string (isnull="true") stays null: "got no value". */
    private static final List<TypedCopy> TYPES = List.of(
        (from, key, to) -> to.addInt(key, from.getInt(key)),
        (from, key, to) -> to.addLong(key, from.getLong(key)),
        (from, key, to) -> to.addDouble(key, from.getDouble(key)),
        (from, key, to) -> to.addBoolean(key, from.getBoolean(key)),
        (from, key, to) -> to.addString(key, from.getString(key)),
        // KNIME stores an unset string array as null; the core treats it as an empty list.
        (from, key, to) -> {
            String[] values = from.getStringArray(key);
            to.addStringList(key, values == null ? List.of() : Arrays.asList(values));
        });

    /** Copies every entry of {@code settings} with its KNIME type (int, long, double, boolean, string, string array). */
    public static MapConfig of(NodeSettingsRO settings) {
        MapConfig c = MapConfig.saved(currentNode(), null);
        for (String key : settings) {
            if (!copied(settings, key, c)) {
                c.addUnusable(key, "a value of a type MedTL settings never have");
            }
        }
        return c;
    }

    private static boolean copied(NodeSettingsRO settings, String key, MapConfig c) {
        for (TypedCopy type : TYPES) {
            try {
                type.copy(settings, key, c);
                return true;
            } catch (InvalidSettingsException otherType) {
                // try the next type
            }
        }
        return false;
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
