package org.medtl.knime.port;

import java.util.Map;

/** The one-line port tooltip: the title and the first few properties. */
final class PortSummary {

    private static final int SHOWN = 4;

    private PortSummary() {
    }

    static String of(String title, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder(title);
        int shown = 0;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (shown++ == SHOWN) {
                sb.append(", ...");
                break;
            }
            sb.append(shown == 1 ? ": " : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }
}
