package dev.orgmembersync.auth0;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises Auth0's "these users do not exist" answer to an add. Auth0 documents no such answer for
 * {@code POST /organizations/{id}/members} (only 204/400/401/403/429), so this reads what is plausible:
 * the {@code inexistent_user} code of the user endpoints, or an {@code invalid_body} (or code-less) 400
 * whose message says users or members do not exist. Anything else is not about users.
 */
final class MissingUsersAnswer {

    private static final Pattern USERS_DO_NOT_EXIST = Pattern.compile(
            "\\b(users?|members?|user[ _]?ids?)\\b.{0,300}?\\b(do(es)?\\s*n[o']t\\s+exist|no longer exists?"
                    + "|(was|were)?\\s*not\\s+found|(is|are)\\s+unknown)"
                    + "|\\b(unknown|inexistent|non-?existent)\\s+(users?|members?|user[ _]?ids?)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private MissingUsersAnswer() {
    }

    static boolean isAbout(ApiError error) {
        if ("inexistent_user".equals(error.errorCode())) {
            return true;
        }
        int status = error.statusCode() == null ? 0 : error.statusCode();
        boolean codeFits = status == 400 ? error.errorCode() == null || "invalid_body".equals(error.errorCode())
                : status == 404 && error.errorCode() == null;
        return codeFits && error.message() != null && USERS_DO_NOT_EXIST.matcher(error.message()).find();
    }

    /**
     * The ids of the call that {@code message} names. An id counts only where it stands on its own: not
     * inside a longer word ({@code auth0|u1} in {@code auth0|u10}) nor inside a longer id of the same call.
     */
    static List<String> namedIds(String message, List<String> userIds) {
        if (message == null) {
            return List.of();
        }
        return userIds.stream().filter(id -> standsAlone(message, id, userIds)).toList();
    }

    private static boolean standsAlone(String message, String id, List<String> userIds) {
        for (int at = message.indexOf(id); at >= 0; at = message.indexOf(id, at + 1)) {
            int end = at + id.length();
            boolean bounded = (at == 0 || !isIdCharacter(message.charAt(at - 1)))
                    && (end == message.length() || !isIdCharacter(message.charAt(end)));
            if (bounded && !insideLongerId(message, at, end, id, userIds)) {
                return true;
            }
        }
        return false;
    }

    /** A '.' may end the sentence after an id, so it does not count. */
    private static boolean isIdCharacter(char c) {
        return Character.isLetterOrDigit(c) || "|_-@+".indexOf(c) >= 0;
    }

    private static boolean insideLongerId(String message, int at, int end, String id, List<String> userIds) {
        for (String other : userIds) {
            if (other.length() > id.length() && other.contains(id)) {
                for (int from = message.indexOf(other); from >= 0; from = message.indexOf(other, from + 1)) {
                    if (from <= at && from + other.length() >= end) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
