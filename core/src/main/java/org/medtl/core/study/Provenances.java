package org.medtl.core.study;

import java.util.Map;

import org.medtl.core.model.ModelDescription;
import org.medtl.core.model.Provenance;

/** Provenance of models as text for the report. */
final class Provenances {

    private Provenances() {
    }

    static String describe(ModelDescription d) {
        StringBuilder sb = new StringBuilder();
        sb.append("architecture   ").append(d.architecture()).append('\n');
        sb.append("preprocessing  ").append(d.preprocessing()).append(", input ").append(d.inputSize() == 0 ? "native size" : d.inputSize() + " px")
                .append('\n');
        if (d.head() != null) {
            sb.append("head           ").append(d.head()).append(", classes ").append(d.classes()).append('\n');
        }
        Provenance p = d.provenance();
        if (p != null) {
            sb.append("weights        ").append(p.weightsSource());
            if (p.weightsFile() != null) {
                sb.append(" ").append(p.weightsFile()).append(" (SHA-256 ").append(p.weightsSha256()).append(")");
            }
            if (p.seed() != null) {
                sb.append(" seed ").append(p.seed());
            }
            sb.append('\n');
            append(sb, "settings", p.settings());
            append(sb, "versions", p.versions());
            sb.append("created        ").append(p.created()).append('\n');
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String title, Map<String, String> m) {
        if (m.isEmpty()) {
            return;
        }
        sb.append(String.format("%-15s", title));
        boolean first = true;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        sb.append('\n');
    }
}
