package org.medtl.core.study;

import java.util.List;

import org.medtl.core.config.Config;

/** A test node with one table output that accepts any settings. */
interface TableTestNode extends StudyNode {

    @Override
    default List<PortKind> outputs() {
        return List.of(PortKind.TABLE);
    }

    @Override
    default void validate(Config settings) {
    }
}
