package dev.orgmembersync.auth0;

import java.io.IOException;

/** Supplies the bearer token for Management API calls. */
interface TokenProvider {

    /** The token to send now. */
    String currentToken() throws IOException;

    /**
     * Called once when a call with {@code rejected} came back 401: fetch a new token if that can help.
     *
     * @return whether a retry with {@link #currentToken()} makes sense
     */
    boolean renewAfterRejection(String rejected) throws IOException;
}
