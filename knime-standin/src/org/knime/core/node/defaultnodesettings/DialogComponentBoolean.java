package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class DialogComponentBoolean extends DialogComponent {

    public DialogComponentBoolean(final SettingsModelBoolean booleanModel, final String label) {
        super(booleanModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
