package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DialogComponentString extends DialogComponent {

    public DialogComponentString(final SettingsModelString stringModel, final String label) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DialogComponentString(final SettingsModelString stringModel, final String label,
        final boolean disallowEmptyString, final int compWidth) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
