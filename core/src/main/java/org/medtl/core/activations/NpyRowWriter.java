package org.medtl.core.activations;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medtl.core.io.Npy;

/**
 * Streams a float32 (rows, columns) matrix into a NumPy {@code .npy} file row block by row block, so that
 * an activation matrix never sits whole in memory. The row count is known before the first row (the
 * extractor computes it from the layer's output shape), so the header is final from the start; closing
 * with fewer or more rows is an error rather than a file with a wrong header.
 */
final class NpyRowWriter implements AutoCloseable {

    private final Path file;
    private final long rows;
    private final int columns;
    private final OutputStream out;
    private final ByteBuffer buffer;
    private long written;

    NpyRowWriter(Path file, long rows, int columns) throws IOException {
        this.file = file;
        this.rows = rows;
        this.columns = columns;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        this.buffer = ByteBuffer.allocate(columns * 4 * 256).order(ByteOrder.LITTLE_ENDIAN);
        out.write(Npy.header(Npy.DType.FLOAT32, rows, columns));
    }

    /** Appends one row of {@code columns} values taken from {@code values} at {@code offset}. */
    void writeRow(float[] values, int offset) throws IOException {
        if (written == rows) {
            throw new IllegalStateException(file.getFileName() + ": more than the announced " + rows + " rows.");
        }
        if (buffer.remaining() < columns * 4) {
            flushBuffer();
        }
        for (int c = 0; c < columns; c++) {
            buffer.putFloat(values[offset + c]);
        }
        written++;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    long written() {
        return written;
    }

    /** Closes after a failure or cancellation, without the row-count check. */
    void abandon() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted with its temporary folder
        }
    }

    @Override
    public void close() throws IOException {
        flushBuffer();
        out.close();
        if (written != rows) {
            throw new IOException(file.getFileName() + ": " + written + " rows written but " + rows + " announced.");
        }
    }
}
