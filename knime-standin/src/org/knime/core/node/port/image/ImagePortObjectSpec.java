package org.knime.core.node.port.image;

import org.knime.core.data.DataType;
import org.knime.core.node.port.AbstractSimplePortObjectSpec;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public final class ImagePortObjectSpec extends AbstractSimplePortObjectSpec {

    public ImagePortObjectSpec(final DataType type) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
