package org.knime.core.node.port;

import java.io.InputStream;
import java.util.zip.ZipInputStream;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class PortObjectSpecZipInputStream extends ZipInputStream {

    PortObjectSpecZipInputStream(final InputStream inStream) {
        super(inStream);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
