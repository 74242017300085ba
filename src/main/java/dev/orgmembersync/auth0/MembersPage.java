package dev.orgmembersync.auth0;

import java.util.List;
import java.util.Map;

/**
 * One checkpoint page of members: each user id with the email Auth0 lists for it (null when it has none), in
 * listing order; {@code next} is null on the last (empty) page.
 */
public record MembersPage(Map<String, String> emailsById, String next) {

    public List<String> userIds() {
        return List.copyOf(emailsById.keySet());
    }
}
