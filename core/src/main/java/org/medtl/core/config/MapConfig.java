package org.medtl.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings held in memory as typed values: used by the CLI to build settings from options, by tests,
 * and as the intermediate form the headless runner parses {@code settings.xml} into.
 */
public final class MapConfig implements Config, ConfigWriter {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The settings in insertion order; values are String, Integer, Long, Double, Boolean or List of String. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    private Object require(String key) throws InvalidConfigException {
        if (!values.containsKey(key)) {
            throw new InvalidConfigException("Setting '" + key + "' is missing. Open the node's dialog and confirm its settings.");
        }
        return values.get(key);
    }

    @Override
    public String getString(String key) throws InvalidConfigException {
        Object v = require(key);
        return v == null ? null : v.toString();
    }

    @Override
    public int getInt(String key) throws InvalidConfigException {
        Object v = require(key);
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("Setting '" + key + "' must be a whole number, got '" + v + "'.");
        }
    }

    @Override
    public long getLong(String key) throws InvalidConfigException {
        Object v = require(key);
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("Setting '" + key + "' must be a whole number, got '" + v + "'.");
        }
    }

    @Override
    public double getDouble(String key) throws InvalidConfigException {
        Object v = require(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("Setting '" + key + "' must be a number, got '" + v + "'.");
        }
    }

    @Override
    public boolean getBoolean(String key) throws InvalidConfigException {
        Object v = require(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidConfigException("Setting '" + key + "' must be true or false, got '" + v + "'.");
    }

    @Override
    public List<String> getStringList(String key) throws InvalidConfigException {
        Object v = require(key);
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(o == null ? null : o.toString());
            }
            return out;
        }
        throw new InvalidConfigException("Setting '" + key + "' must be a list of strings, got '" + v + "'.");
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
