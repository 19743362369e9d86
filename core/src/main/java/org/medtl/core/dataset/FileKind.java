package org.medtl.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Which reader a file needs: by extension, and by the DICOM preamble for files without one. */
enum FileKind {
    RASTER, NPY, NPZ, HDF5, DICOM;

    static FileKind of(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) {
            return NPY;
        }
        if (n.endsWith(".npz")) {
            return NPZ;
        }
        if (n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".he5")) {
            return HDF5;
        }
        if (n.endsWith(".dcm") || n.endsWith(".dicom") || n.endsWith(".dic")) {
            return DICOM;
        }
        if (isImageName(n)) {
            // Ordinary raster names skip the preamble probe: one file open per image matters at 1000 images/s.
            return RASTER;
        }
        if (hasDicomPreamble(file)) {
            return DICOM;
        }
        return RASTER;
    }

    /** Part 10 files carry "DICM" after a 128-byte preamble (PS3.10 7.1). */
    static boolean hasDicomPreamble(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** Extensions of image files a folder source picks up (DICOM without extension is found by its preamble). */
    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif")
                || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".dcm") || n.endsWith(".dicom");
    }
}
