package org.medtl.knime.base;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.knime.core.data.DataColumnProperties;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DataType;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.StringCell;
import org.knime.core.node.port.PortObjectSpec;
import org.medtl.core.study.NodeSpecs;
import org.medtl.core.study.PortKind;
import org.medtl.core.study.PortSpec;
import org.medtl.knime.port.FolderPortObjectSpec;

/**
 * The core's configure-time specs ({@link NodeSpecs}) as KNIME specs and back, 1:1: the nodes return from
 * {@code configure} and build their tables with exactly the columns the core names, so what a node promises before
 * execution is what it delivers. A dataset table's classes travel as a property of its {@code label} column.
 */
public final class Specs {

    private Specs() {
    }

    /** A core table spec as a KNIME table spec, or {@code null} for an unknown one. */
    public static DataTableSpec table(String name, PortSpec spec) {
        if (spec == null) {
            return null;
        }
        List<DataColumnSpec> columns = new ArrayList<>();
        for (PortSpec.Column c : spec.columns()) {
            DataColumnSpecCreator creator = new DataColumnSpecCreator(c.name(), type(c.type()));
            if (c.name().equals("label") && !spec.classes().isEmpty()) {
                creator.setProperties(new DataColumnProperties(
                    Map.of(NodeSpecs.CLASSES_PROPERTY, String.join("\n", spec.classes()))));
            }
            columns.add(creator.createSpec());
        }
        return new DataTableSpec(name, columns.toArray(new DataColumnSpec[0]));
    }

    /** What the core needs of an input table's spec (column names, a dataset table's classes), or null. */
    public static PortSpec fromTable(PortObjectSpec spec) {
        if (!(spec instanceof DataTableSpec table)) {
            return null;
        }
        List<PortSpec.Column> columns = new ArrayList<>();
        List<String> classes = List.of();
        for (int i = 0; i < table.getNumColumns(); i++) {
            DataColumnSpec c = table.getColumnSpec(i);
            DataType t = c.getType();
            columns.add(new PortSpec.Column(c.getName(), t.equals(IntCell.TYPE) ? PortSpec.Type.INT
                : t.equals(DoubleCell.TYPE) ? PortSpec.Type.DOUBLE : PortSpec.Type.STRING));
            String listed = c.getName().equals("label") ? c.getProperties().getProperty(NodeSpecs.CLASSES_PROPERTY) : null;
            if (listed != null && !listed.isEmpty()) {
                classes = Arrays.asList(listed.split("\n"));
            }
        }
        return PortSpec.dataset(columns, classes);
    }

    /** A model or activation-set spec's properties, or null when unknown. */
    public static PortSpec fromFolder(PortKind kind, PortObjectSpec spec) {
        return spec instanceof FolderPortObjectSpec f ? PortSpec.of(kind, f.properties()) : null;
    }

    private static DataType type(PortSpec.Type type) {
        return switch (type) {
            case INT -> IntCell.TYPE;
            case DOUBLE -> DoubleCell.TYPE;
            case STRING -> StringCell.TYPE;
        };
    }
}
