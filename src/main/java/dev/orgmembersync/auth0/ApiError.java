package dev.orgmembersync.auth0;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auth0's error body {@code {"statusCode","error","message","errorCode"}} ({@code errorCode} optional); the
 * authentication API uses {@code error} / {@code error_description} instead.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(Integer statusCode, String error, String message, String errorCode, String error_description) {

    static ApiError parse(JsonMapper json, ApiResponse response) {
        try {
            ApiError parsed = json.readValue(response.body(), ApiError.class);
            if (parsed != null) {
                return new ApiError(response.status(), parsed.error, parsed.message, parsed.errorCode,
                        parsed.error_description);
            }
        }
        catch (RuntimeException notJson) {
            // proxies answer with HTML; fall through to a status-only error
        }
        return new ApiError(response.status(), null, null, null, null);
    }

    /** A human sentence: the message if there is one, with the HTTP status and Auth0's code. */
    public String describe() {
        String text = message != null ? message : error_description != null ? error_description : error;
        String code = errorCode != null ? errorCode : (message != null || error_description != null) ? error : null;
        StringBuilder out = new StringBuilder("HTTP ").append(statusCode);
        if (code != null) {
            out.append(' ').append(code);
        }
        if (text != null && !text.equals(code)) {
            out.append(": ").append(text);
        }
        return out.toString();
    }
}
