package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class DialogComponentFileChooser extends DialogComponent {

    public DialogComponentFileChooser(final SettingsModelString stringModel, final String historyID,
        final String... validExtensions) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DialogComponentFileChooser(final SettingsModelString stringModel, final String historyID,
        final int dialogType, final boolean directoryOnly) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public DialogComponentFileChooser(final SettingsModelString stringModel, final String historyID,
        final int dialogType, final boolean directoryOnly, final String... validExtensions) {
        super(stringModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public void setBorderTitle(final String newTitle) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
