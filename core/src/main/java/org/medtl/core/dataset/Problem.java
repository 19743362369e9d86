package org.medtl.core.dataset;

/**
 * A file (or row, or array entry) that did not become a sample, and why.
 *
 * @param path   the file, with {@code #entry:index} or {@code , row N} when the problem is inside it
 * @param reason what is wrong and, where possible, what to do
 */
public record Problem(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
