package org.knime.core.node.defaultnodesettings;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class DialogComponentNumber extends DialogComponent {

    public DialogComponentNumber(final SettingsModelNumber numberModel, final String label, final Number stepSize) {
        super(numberModel);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
