package org.medtl.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings held in memory as typed values: used by the CLI to build settings from options, by tests,
 * and as the intermediate form the headless runner parses {@code settings.xml} into.
 *
 * <p>A config made with {@link #MapConfig()} holds only the options a user gave, so getters with a default use
 * it. A config made with {@link #saved(String, String)} holds a node's saved settings: a missing key, a null value
 * or a value of the wrong type is an error naming the setting, the node and the file, and {@link #unreadKeys()}
 * lists the keys the node did not read (a typo or a setting of another version).</p>
 */
public final class MapConfig implements Config, ConfigWriter {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final String node;
    private final String file;

    /** Options a user gave: missing settings take the defaults of the getters. */
    public MapConfig() {
        this(null, null);
    }

    private MapConfig(String node, String file) {
        this.node = node;
        this.file = file;
    }

    /**
     * A node's saved settings: no defaults.
     *
     * @param node how messages name the node, e.g. {@code node 'Medical Dataset Reader' (#1)}
     * @param file the settings file, named in the message for a missing setting
     */
    public static MapConfig saved(String node, String file) {
        return new MapConfig(java.util.Objects.requireNonNull(node, "node"), file);
    }

    /** A saved value no getter can use (a KNIME entry type MedTL never writes), described for the message. */
    private record Unusable(String description) {
    }

    /**
     * Records a saved setting whose value has a type no MedTL setting has (a KNIME char, say): reading it fails,
     * naming the setting and {@code description}; left unread, it is an unknown setting like any other.
     */
    public void addUnusable(String key, String description) {
        values.put(key, new Unusable(description));
    }

    @Override
    public boolean defaultsMissing() {
        return node == null;
    }

    /** The keys present but never read, in insertion order: unknown to the node that read this config. */
    public List<String> unreadKeys() {
        return values.keySet().stream().filter(k -> !read.contains(k)).toList();
    }

    /**
     * One warning per {@link #unreadKeys() unread key}: the text {@code ./medtl run} prints and the KNIME nodes show, as
     * KNIME itself ignores a saved setting no node reads.
     */
    public List<String> unknownSettingWarnings() {
        String holder = (node == null ? "" : node + ": ") + (file == null ? "the saved settings have" : file + " has");
        return unreadKeys().stream().map(k -> holder + " setting '" + k + "', which this node does not have; it is ignored."
                + " Check its spelling, or open the node's dialog and confirm its settings to drop it.").toList();
    }

    /** "Setting 'key'" or, for saved settings, "Setting 'key' of node 'name' (#id)": how every message starts. */
    public String setting(String key) {
        return "Setting '" + key + "'" + (node == null ? "" : " of " + node);
    }

    /** The settings in insertion order; values are String, Integer, Long, Double, Boolean or List of String. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    private Object require(String key, String kind) throws InvalidConfigException {
        read.add(key);
        if (!values.containsKey(key)) {
            throw new InvalidConfigException(setting(key) + " is missing" + (file == null ? "" : " from " + file)
                    + ". Open the node's dialog and confirm its settings, or regenerate the workflow.");
        }
        Object v = values.get(key);
        if (v == null) {
            // KNIME writes isnull="true" for a null string; no MedTL setting has null as a value.
            throw new InvalidConfigException(setting(key) + " must be " + kind + ", got no value (isnull).");
        }
        if (v instanceof Unusable u) {
            throw new InvalidConfigException(setting(key) + " must be " + kind + ", got " + u.description() + ".");
        }
        return v;
    }

    @Override
    public String getString(String key) throws InvalidConfigException {
        Object v = require(key, "text");
        if (v instanceof List<?> list) {
            throw new InvalidConfigException(setting(key) + " must be text, got a list of " + list.size() + " value(s).");
        }
        return v.toString();
    }

    @Override
    public int getInt(String key) throws InvalidConfigException {
        Object v = require(key, "a whole number");
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(setting(key) + " must be a whole number, got '" + v + "'.");
        }
    }

    @Override
    public long getLong(String key) throws InvalidConfigException {
        Object v = require(key, "a whole number");
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(setting(key) + " must be a whole number, got '" + v + "'.");
        }
    }

    @Override
    public double getDouble(String key) throws InvalidConfigException {
        Object v = require(key, "a number");
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(setting(key) + " must be a number, got '" + v + "'.");
        }
    }

    @Override
    public boolean getBoolean(String key) throws InvalidConfigException {
        Object v = require(key, "true or false");
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidConfigException(setting(key) + " must be true or false, got '" + v + "'.");
    }

    @Override
    public List<String> getStringList(String key) throws InvalidConfigException {
        Object v = require(key, "a list of strings");
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(o == null ? null : o.toString());
            }
            return out;
        }
        throw new InvalidConfigException(setting(key) + " must be a list of strings, got '" + v + "'.");
    }

    @Override
    public void addString(String key, String value) {
        values.put(key, value);
    }

    @Override
    public void addInt(String key, int value) {
        values.put(key, value);
    }

    @Override
    public void addLong(String key, long value) {
        values.put(key, value);
    }

    @Override
    public void addDouble(String key, double value) {
        values.put(key, value);
    }

    @Override
    public void addBoolean(String key, boolean value) {
        values.put(key, value);
    }

    @Override
    public void addStringList(String key, List<String> values) {
        this.values.put(key, List.copyOf(values));
    }
}
