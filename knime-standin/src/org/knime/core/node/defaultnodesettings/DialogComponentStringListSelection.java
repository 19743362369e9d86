package org.knime.core.node.defaultnodesettings;

import java.util.Collection;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DialogComponentStringListSelection extends DialogComponent {

    public DialogComponentStringListSelection(final SettingsModelStringArray stringModel, final String label,
        final String... list) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DialogComponentStringListSelection(final SettingsModelStringArray stringModel, final String label,
        final Collection<String> list, final boolean required, final int visibleRowCount) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
