package dev.orgmembersync.auth0;

import java.io.IOException;

/** Supplies the bearer token for Management API calls. */
interface TokenProvider {

    /**
     * Starts obtaining the token in the background, so that the first call finds it ready (the job reads and
     * stages its input meanwhile); a failure is thrown by the next {@link #currentToken()} instead.
     */
    default void prefetch() {
    }

    /** The token to send now. */
    String currentToken() throws IOException;

    /**
     * Called once when a call with {@code rejected} came back 401: fetch a new token if that can help.
     *
     * @return whether a retry with {@link #currentToken()} makes sense
     */
    boolean renewAfterRejection(String rejected) throws IOException;
}
