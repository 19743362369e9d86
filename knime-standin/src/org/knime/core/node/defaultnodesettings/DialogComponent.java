package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public abstract class DialogComponent {

    public DialogComponent(final SettingsModel model) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public final SettingsModel getModel() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
