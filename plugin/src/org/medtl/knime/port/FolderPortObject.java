package org.medtl.knime.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.swing.JComponent;

import org.knime.core.data.filestore.FileStore;
import org.knime.core.data.filestore.FileStorePortObject;

/**
 * A port object whose payload is one folder written by the core (a model folder, an activation-set folder) and kept
 * in a KNIME file store: weights and activation matrices are far too large for table cells, and a file store moves
 * with the workflow and is deleted with the node's output. The folder's layout belongs to the core; the port only
 * carries its location and a {@link FolderPortObjectSpec}.
 *
 * @param <S> the spec type
 */
public abstract class FolderPortObject<S extends FolderPortObjectSpec> extends FileStorePortObject {

    private static final String ENTRY = "medtl-folder.txt";

    private final S spec;

    /** A port object for a folder the core has just written into {@code folder}'s file. */
    protected FolderPortObject(FileStore folder, S spec) {
        super(List.of(folder));
        this.spec = spec;
    }

    /** Deserialisation: KNIME restores the file store after construction. */
    protected FolderPortObject(S spec) {
        super();
        this.spec = spec;
    }

    /** The folder, as the core reads it. */
    public final Path folder() throws IOException {
        Path folder = getFileStore(0).getFile().toPath();
        if (!Files.isDirectory(folder)) {
            throw new IOException("The folder of this " + spec.getClass().getSimpleName() + " (" + folder
                + ") is missing; re-execute the node that produced it.");
        }
        return folder;
    }

    @Override
    public abstract S getSpec();

    @Override
    public JComponent[] getViews() {
        return getSpec().getViews();
    }

    /**
     * What the registered object serializers write into KNIME's {@code PortObjectZipOutputStream}: only a format
     * marker. The folder itself is never written here and no path is stored: KNIME saves the file store with the
     * workflow and, on load, hands it back to the object ({@link #getFileStore}), wherever the workflow now is.
     */
    public static void writeMarker(ZipOutputStream out) throws IOException {
        out.putNextEntry(new ZipEntry(ENTRY));
        out.write("medtl-folder 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.closeEntry();
    }

    /** Checks what {@link #writeMarker} wrote. */
    public static void readMarker(ZipInputStream in) throws IOException {
        ZipEntry entry = in.getNextEntry();
        if (entry == null || !ENTRY.equals(entry.getName())) {
            throw new IOException("Saved MedTL port object is damaged (no '" + ENTRY
                + "'); re-execute the node that produced it.");
        }
    }

    final S spec() {
        return spec;
    }
}
