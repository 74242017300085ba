package dev.orgmembersync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Parses and validates the body of {@code POST .../members}: {@code {"members":["id",...]}} with 1..10 strings. */
final class MembersPayload {

    private MembersPayload() {
    }

    static List<String> parse(byte[] body, String contentType) {
        List<String> ids = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(
                "application/x-www-form-urlencoded") ? fromForm(body) : fromJson(body);
        if (ids.isEmpty()) {
            throw ErrorAnswer.invalidPayload("Array is too short (0), minimum 1", "members");
        }
        if (ids.size() > MembersEndpoint.MAX_MEMBERS_PER_POST) {
            throw ErrorAnswer.invalidPayload("Too many items (" + ids.size() + "), maximum "
                    + MembersEndpoint.MAX_MEMBERS_PER_POST, "members");
        }
        return ids;
    }

    private static List<String> fromForm(byte[] body) {
        Map<String, List<String>> form = HttpIo.parseForm(new String(body, StandardCharsets.UTF_8));
        List<String> ids = form.get("members");
        if (ids == null) {
            throw missingMembers();
        }
        for (String id : ids) {
            requireNonEmpty(id);
        }
        return ids;
    }

    private static List<String> fromJson(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ErrorAnswer.invalidBody("Invalid request payload JSON format");
        }
        if (root == null || root.isMissingNode()) {
            throw ErrorAnswer.invalidBody("Invalid request payload JSON format");
        }
        if (!root.isObject()) {
            throw ErrorAnswer.invalidBody("Payload validation error: 'Expected type object but found type "
                    + typeOf(root) + "'");
        }
        JsonNode members = root.get("members");
        if (members == null) {
            throw missingMembers();
        }
        if (!members.isArray()) {
            throw ErrorAnswer.invalidPayload("Expected type array but found type " + typeOf(members), "members");
        }
        List<String> ids = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            JsonNode item = members.get(i);
            if (!item.isString()) {
                throw ErrorAnswer.invalidPayload("Expected type string but found type " + typeOf(item),
                        "members[" + i + "]");
            }
            requireNonEmpty(item.stringValue());
            ids.add(item.stringValue());
        }
        return ids;
    }

    private static void requireNonEmpty(String id) {
        if (id.isEmpty()) {
            throw ErrorAnswer.invalidPayload("String is too short (0 chars), minimum 1", "members");
        }
    }

    private static ErrorAnswer missingMembers() {
        return ErrorAnswer.invalidBody("Payload validation error: 'Missing required property: members'");
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            default -> "object";
        };
    }
}
