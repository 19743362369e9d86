package org.medtl.core.study;

import java.nio.file.Path;

/**
 * One output of a node executed headless: a CSV file for a table, a folder for a model or an activation
 * set.
 */
public record PortData(PortKind kind, Path path) {
}
