package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Validates the body of {@code POST /api/v2/jobs/users-exports}: only {@code connection_id}, {@code format},
 * {@code limit} and {@code fields} (Auth0 refuses other properties); this sandbox exports JSON only.
 */
final class ExportRequest {

    private static final Set<String> PROPERTIES = Set.of("connection_id", "format", "limit", "fields");

    private ExportRequest() {
    }

    static List<UserExports.Field> fields(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ErrorAnswer.invalidBody("Invalid request payload JSON format");
        }
        if (root == null || !root.isObject()) {
            throw ErrorAnswer.invalidBody("Invalid request payload JSON format");
        }
        for (String name : root.propertyNames()) {
            if (!PROPERTIES.contains(name)) {
                throw ErrorAnswer.invalidBody("Payload validation error: 'Additional properties not allowed: " + name + "'");
            }
        }
        if (!"json".equals(root.path("format").asString("csv"))) {
            throw ErrorAnswer.invalidBody("This sandbox exports format json only");
        }
        List<UserExports.Field> fields = new ArrayList<>();
        for (JsonNode field : root.path("fields")) {
            String name = field.path("name").asString(null);
            if (name == null || name.isEmpty()) {
                throw ErrorAnswer.invalidPayload("Missing required property: name", "fields");
            }
            fields.add(new UserExports.Field(name, field.path("export_as").asString(null)));
        }
        if (fields.isEmpty()) {
            fields.add(new UserExports.Field("user_id", null));
            fields.add(new UserExports.Field("email", null));
        }
        return fields;
    }
}
