package org.knime.core.data;

/** Signature stand-in for KNIME 5.5; see knime-standin/README.md. */
public interface LongValue extends DataValue {

    long getLongValue();
}
