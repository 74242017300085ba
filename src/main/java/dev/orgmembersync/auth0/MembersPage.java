package dev.orgmembersync.auth0;

import java.util.List;
import java.util.Map;

/**
 * One checkpoint page of members: each user id with the email Auth0 lists for it (null when it has none), in
 * listing order, and its organization roles when they were asked for (else no entry); {@code next} is null on the
 * last (empty) page.
 */
public record MembersPage(Map<String, String> emailsById, Map<String, List<Role>> rolesById, String next) {

    public List<String> userIds() {
        return List.copyOf(emailsById.keySet());
    }
}
