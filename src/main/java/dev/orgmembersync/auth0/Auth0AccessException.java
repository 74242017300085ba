package dev.orgmembersync.auth0;

/** The tenant refused our credentials or scopes: no retry can fix it, so the job stops. */
public class Auth0AccessException extends RuntimeException {

    public Auth0AccessException(String message) {
        super(message);
    }
}
