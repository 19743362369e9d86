package org.knime.core.node.port;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class PortTypeRegistry {

    private PortTypeRegistry() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public static PortTypeRegistry getInstance() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public synchronized PortType getPortType(final Class<? extends PortObject> portClass) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    public synchronized PortType getPortType(final Class<? extends PortObject> portClass, final boolean isOptional) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
