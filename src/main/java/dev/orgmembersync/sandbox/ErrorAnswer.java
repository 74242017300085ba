package dev.orgmembersync.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Management API error, rendered as {@code {"statusCode","error","message","errorCode"?}}. */
final class ErrorAnswer extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    ErrorAnswer(int status, String message, String errorCode) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    static ErrorAnswer invalidQuery(String detail, String property) {
        return new ErrorAnswer(400, "Query validation error: '" + detail + "' on property " + property,
                "invalid_query_string");
    }

    static ErrorAnswer invalidBody(String message) {
        return new ErrorAnswer(400, message, "invalid_body");
    }

    static ErrorAnswer invalidPayload(String detail, String property) {
        return invalidBody("Payload validation error: '" + detail + "' on property " + property);
    }

    static ErrorAnswer organizationNotFound() {
        return new ErrorAnswer(404, "No organization found by that id or name", null);
    }

    static ErrorAnswer insufficientScope(String scope) {
        return new ErrorAnswer(403, "Insufficient scope, expected any of: " + scope, "insufficient_scope");
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body(status, getMessage(), errorCode);
    }

    static Map<String, Object> body(int status, String message, String errorCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("error", reason(status));
        body.put("message", message);
        if (errorCode != null) {
            body.put("errorCode", errorCode);
        }
        return body;
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
