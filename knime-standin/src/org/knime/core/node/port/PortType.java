package org.knime.core.node.port;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class PortType {

    private PortType() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public String getName() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public boolean isOptional() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
