package org.knime.core.node.port;

import java.io.OutputStream;
import java.util.zip.ZipOutputStream;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public class PortObjectZipOutputStream extends ZipOutputStream {

    PortObjectZipOutputStream(final OutputStream outStream) {
        super(outStream);
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
