package org.knime.core.data.image.png;

import org.knime.core.data.DataType;
import org.knime.core.data.image.ImageContent;

/**
 * Signature stand-in for KNIME 5.5; see knime-standin/README.md. TYPE is KNIME's PNG image cell type; the
 * cell class itself is not part of the stand-in.
 */
public class PNGImageContent implements ImageContent {

    public static final DataType TYPE = pngCellType();

    public PNGImageContent(final byte[] imageBytes) {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }

    private static DataType pngCellType() {
        throw new UnsupportedOperationException("compile-only KNIME stand-in");
    }
}
