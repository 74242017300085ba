package dev.orgmembersync.auth0;

import java.util.Locale;
import java.util.regex.Pattern;

/** Failures that stop the run, in words a user can act on: a 403 and what to grant, a network fault. */
final class CallFailures {

    /** A qualified exception class name and its colon, as the JDK puts them inside messages. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*");

    private CallFailures() {
    }

    /** A 403 is a missing scope, unless Auth0 says the tenant's plan does not include what was asked. */
    static Auth0AccessException forbidden(ApiError error, String call) {
        if (isPlanLimit(error)) {
            return new Auth0AccessException("Auth0 refused " + call + " because of the tenant's plan, not a missing"
                    + " scope (" + error.describe() + "); granting scopes will not help: the tenant's subscription must"
                    + " include this feature or limit");
        }
        if (call.endsWith("/roles")) {
            return new Auth0AccessException("The token lacks a permission for " + call + " (" + error.describe()
                    + "); grant the application the scopes read:roles, read:organization_member_roles,"
                    + " create:organization_member_roles and (mirror mode) delete:organization_member_roles, or leave"
                    + " the roles column empty");
        }
        if (call.endsWith("/invitations")) {
            return new Auth0AccessException("The token lacks a permission for " + call + " (" + error.describe()
                    + "); grant the application the scopes read:organization_invitations and"
                    + " create:organization_invitations, or set sync.invite.enabled=false");
        }
        return new Auth0AccessException("The token lacks a permission for " + call + " (" + error.describe()
                + "); grant the application the scopes read:organization_members, create:organization_members,"
                + " read:organizations, (for rows by email) read:users and (mirror mode) delete:organization_members");
    }

    private static boolean isPlanLimit(ApiError error) {
        String message = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
        return "insufficient_entitlement".equals(error.errorCode())
                || message.contains("upgrade") && (message.contains("plan") || message.contains("subscription"));
    }

    /** A network failure in words: the JDK's exception class names mean nothing to the user. */
    static String describe(Throwable ex) {
        String message = ex.getMessage() == null ? "" : CLASS_NAME.matcher(ex.getMessage()).replaceAll("").trim();
        if (ex instanceof javax.net.ssl.SSLHandshakeException) {
            return "TLS certificate not trusted (" + message + "); pass auth0.trust-store if the tenant uses a private CA";
        }
        if (ex instanceof java.net.ConnectException) {
            return "connection refused" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (ex instanceof java.net.http.HttpConnectTimeoutException) {
            return "no connection within the connect timeout";
        }
        if (ex instanceof java.net.http.HttpTimeoutException) {
            return "no answer within auth0.request-timeout";
        }
        if (ex instanceof java.net.UnknownHostException) {
            return "unknown host " + message;
        }
        return message.isEmpty() ? "network error" : "network error (" + message + ")";
    }
}
