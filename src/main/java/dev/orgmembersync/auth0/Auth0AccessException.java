package dev.orgmembersync.auth0;

/** Credentials, scopes or the tenant's certificate were refused: no retry can fix it, so the job stops. */
public class Auth0AccessException extends RuntimeException {

    public Auth0AccessException(String message) {
        super(message);
    }
}
