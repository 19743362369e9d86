package org.medtl.core.cli;

import java.util.Set;

/** Implemented by commands with options that take no value. */
public interface FlagOptions {
    Set<String> flags();
}
