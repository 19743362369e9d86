/**
 * MedTL's KNIME nodes. Every node lives in its own sub-package and only translates settings and ports
 * to a call into {@code org.medtl.core}; all computation, and every DJL call, happens in the core.
 */
package org.medtl.knime;
