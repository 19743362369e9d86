package org.knime.core.node.defaultnodesettings;

import java.util.Collection;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DialogComponentStringSelection extends DialogComponent {

    public DialogComponentStringSelection(final SettingsModelString stringModel, final String label,
        final String... list) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DialogComponentStringSelection(final SettingsModelString stringModel, final String label,
        final Collection<String> list) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
