package dev.orgmembersync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque {@code from}/{@code next} cursor of checkpoint paging: base64url of {@code "sbx1:<position>"}. */
final class CheckpointCursor {

    private static final String PREFIX = "sbx1:";

    private CheckpointCursor() {
    }

    static String encode(int position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position encoded by {@code cursor}; an ErrorAnswer (400 invalid_query_string) when it is not one of ours. */
    static int decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int position = Integer.parseInt(text.substring(PREFIX.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error (NumberFormatException is an IllegalArgumentException)
        }
        throw ErrorAnswer.invalidQuery("Invalid checkpoint value", "from");
    }
}
