package org.medtl.core.study;

import java.util.List;
import java.util.Map;

/**
 * What a node knows about one output before it executes: KNIME's output spec, without KNIME. For a table the
 * columns (and, for a dataset table, its classes in {@code label_index} order); for a model or an activation set
 * the properties its port shows. The KNIME nodes map it 1:1 to a {@code DataTableSpec} or a port object spec.
 *
 * @param classes a dataset table's classes, or empty when not a dataset table or not known before reading
 */
public record PortSpec(PortKind kind, List<Column> columns, List<String> classes, Map<String, String> properties) {

    /** A table column's cell type. */
    public enum Type {
        STRING, INT, DOUBLE
    }

    public record Column(String name, Type type) {
    }

    public PortSpec {
        columns = List.copyOf(columns);
        classes = List.copyOf(classes);
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    public static PortSpec table(List<Column> columns) {
        return new PortSpec(PortKind.TABLE, columns, List.of(), Map.of());
    }

    public static PortSpec dataset(List<Column> columns, List<String> classes) {
        return new PortSpec(PortKind.TABLE, columns, classes, Map.of());
    }

    public static PortSpec of(PortKind kind, Map<String, String> properties) {
        return new PortSpec(kind, List.of(), List.of(), properties);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Columns {@code names} of one type, in order. */
    public static List<Column> columns(Type type, String... names) {
        return java.util.Arrays.stream(names).map(n -> new Column(n, type)).toList();
    }
}
