package org.medtl.core.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.medtl.core.io.AtomicFiles;

/**
 * The two metadata files KNIME 5.5 saves beside {@code workflow.knime} of a workflow project:
 * {@code workflow-metadata.xml} (read on load since KNIME 5.1: description, creation and modification time)
 * and the legacy {@code workflowset.meta} KNIME still writes for older servers.
 */
final class WorkflowMetadataFiles {

    static final String METADATA_FILE = "workflow-metadata.xml";
    static final String LEGACY_METADATA_FILE = "workflowset.meta";

    private WorkflowMetadataFiles() {
    }

    static void write(Path dir, String description, ZonedDateTime created) throws IOException {
        String instant = created.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"));
        String desc = description == null || description.isBlank() ? "    <description/>\n" : "    <description>" + escape(description) + "</description>\n";
        writeAtomically(dir.resolve(METADATA_FILE), """
                <?xml version="1.0" encoding="UTF-8"?>
                <workflow-metadata content-type="text/plain" xmlns="http://www.knime.org/core/node/workflow/metadata/v1.0">
                    <created>%s</created>
                    <last-modified>%s</last-modified>
                %s</workflow-metadata>""".formatted(instant, instant, desc));
        // The legacy file counts months from 0, as java.util.Calendar did.
        String creation = created.getDayOfMonth() + "/" + (created.getMonthValue() - 1) + "/" + created.getYear() + "/"
                + created.format(DateTimeFormatter.ofPattern("HH:mm:ss xxx"));
        String comments = description == null || description.isBlank() ? "    <element form=\"multiline\" name=\"Comments\" read-only=\"false\"/>\n"
                : "    <element form=\"multiline\" name=\"Comments\" read-only=\"false\">" + escape(description) + "</element>\n";
        writeAtomically(dir.resolve(LEGACY_METADATA_FILE), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!--This file is auto-generated and is overwritten each time the workflow is saved.
                    The metadata have moved to the `workflow-metadata.xml` file.-->
                <KNIMEMetaInfo nrOfElements="3" xmlns="http://www.knime.org/2.9/metainfo">
                    <element form="date" name="Creation Date" read-only="false">%s</element>
                %s    <element form="text" name="Last Edited" read-only="true">%s</element>
                </KNIMEMetaInfo>""".formatted(creation, comments, created.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z"))));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        AtomicFiles.write(file, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }
}
