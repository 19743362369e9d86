package org.medtl.core.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** A sample's pixels could not be read; says which file (and entry or frame) and why. */
public final class ImageReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public ImageReadException(Path file, String location, String reason, Throwable cause) {
        super(file + (location == null || location.isEmpty() ? "" : " (" + location + ")") + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** Why, without the path: for a problems table. */
    public String reason() {
        return reason;
    }
}
