package dev.orgmembersync.auth0;

/** The tenant could not be reached, or kept failing, for all allowed attempts: a rerun resumes. */
public class TenantUnavailableException extends RuntimeException {

    public TenantUnavailableException(String message) {
        super(message);
    }
}
