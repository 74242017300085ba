package dev.orgmembersync.auth0;

import java.util.List;

/** One checkpoint page of member ids; {@code next} is null on the last (empty) page. */
public record MembersPage(List<String> userIds, String next) {
}
