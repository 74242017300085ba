package dev.orgmembersync.auth0;

/** A token given on the command line: it cannot be renewed, so a 401 ends the job. */
final class StaticTokenProvider implements TokenProvider {

    private final String token;

    StaticTokenProvider(String token) {
        this.token = token;
    }

    @Override
    public String currentToken() {
        return token;
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        return false;
    }
}
