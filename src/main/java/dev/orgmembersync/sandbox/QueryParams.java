package dev.orgmembersync.sandbox;

import java.util.List;
import java.util.Map;

/** Typed, Auth0-validated access to query parameters (first value wins). */
final class QueryParams {

    private final Map<String, List<String>> params;

    QueryParams(String rawQuery) {
        this.params = HttpIo.parseForm(rawQuery);
    }

    boolean has(String name) {
        return params.containsKey(name);
    }

    String string(String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    int integer(String name, int min, int max, int defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ErrorAnswer.invalidQuery("Expected type integer but found type string", name);
        }
        if (parsed < min) {
            throw ErrorAnswer.invalidQuery("Value " + parsed + " is less than minimum " + min, name);
        }
        if (parsed > max) {
            throw ErrorAnswer.invalidQuery("Value " + parsed + " is greater than maximum " + max, name);
        }
        return (int) parsed;
    }

    boolean bool(String name, boolean defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ErrorAnswer.invalidQuery("Expected type boolean but found type string", name);
        };
    }
}
