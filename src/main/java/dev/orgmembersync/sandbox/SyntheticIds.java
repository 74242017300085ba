package dev.orgmembersync.sandbox;

/**
 * Deterministic ids of generated ("synthetic") organizations and users, 1-based, zero-padded to 8 digits:
 * <ul>
 *   <li>user {@code n}: {@code auth0|gen%08d}, e.g. {@code auth0|gen00000001} .. {@code auth0|gen01000000}, with the
 *       email {@code gen%08d@example.com} (lower-case, as Auth0 stores a database user's)</li>
 *   <li>organization {@code n}: id {@code org_gen%08d} (e.g. {@code org_gen00000001}), name {@code gen-org-%08d}
 *       (e.g. {@code gen-org-00000001}), display name {@code Generated Org %08d}; generated organizations start
 *       without members</li>
 * </ul>
 * Generated users are not stored one by one: an id is a user when it has the user format and its number is within
 * 1..count, so a million users cost no memory.
 */
public final class SyntheticIds {

    /** Largest number that fits the 8-digit scheme. */
    public static final int MAX = 99_999_999;

    private static final String USER_PREFIX = "auth0|gen";
    private static final int DIGITS = 8;
    private static final String EMAIL_DOMAIN = "@example.com";

    private SyntheticIds() {
    }

    public static String userId(int n) {
        return USER_PREFIX + pad(n);
    }

    public static String email(int n) {
        return "gen" + pad(n) + EMAIL_DOMAIN;
    }

    public static String organizationId(int n) {
        return "org_gen" + pad(n);
    }

    public static String organizationName(int n) {
        return "gen-org-" + pad(n);
    }

    public static String organizationDisplayName(int n) {
        return "Generated Org " + pad(n);
    }

    /** The number {@code n} of a user id in the synthetic format, or -1 if the id is not in that format. */
    static int userNumber(String userId) {
        if (userId.length() != USER_PREFIX.length() + DIGITS || !userId.startsWith(USER_PREFIX)) {
            return -1;
        }
        return digits(userId, USER_PREFIX.length());
    }

    /** The number {@code n} of a synthetic user's email (exactly, case-sensitively), or -1. */
    static int emailNumber(String email) {
        if (email.length() != 3 + DIGITS + EMAIL_DOMAIN.length() || !email.startsWith("gen")
                || !email.endsWith(EMAIL_DOMAIN)) {
            return -1;
        }
        return digits(email.substring(0, 3 + DIGITS), 3);
    }

    private static int digits(String value, int from) {
        int n = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String pad(int n) {
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException("synthetic number must be within 1.." + MAX + ": " + n);
        }
        return String.format("%0" + DIGITS + "d", n);
    }
}
