package org.medrobust.suite.verify;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A JSON Schema published in docs/schema/ (the build copies them into the jar, under {@value #RESOURCES}), applied
 * with networknt json-schema-validator (draft 2020-12): {@code verify} checks the files beside report.json against
 * the very schemas the documentation publishes, so the two cannot drift apart.
 */
final class PublishedSchema {

    static final String RESOURCES = "/org/medrobust/schema/";

    private final String name;
    private final Schema schema;

    private PublishedSchema(String name, Schema schema) {
        this.name = name;
        this.schema = schema;
    }

    /** @param name a file of docs/schema, e.g. {@code report-context.schema.json} */
    static PublishedSchema of(String name) {
        try (InputStream in = PublishedSchema.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is not in the medrobust jar (build error)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new PublishedSchema(name, SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }

    /** Where {@code json} breaks the schema, one line each ("/models/0/batch: ..."); empty when it conforms. */
    List<String> violations(String json) {
        return schema.validate(json, InputFormat.JSON).stream()
                .map(e -> where(e.getInstanceLocation().toString()) + ": " + message(e)).toList();
    }

    String name() {
        return name;
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "the top level" : pointer;
    }

    private static String message(Error e) {
        String text = e.getMessage();
        return text == null ? e.getKeyword() : text;
    }
}
