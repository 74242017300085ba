package dev.orgmembersync.auth0;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Walks all members of an organization with checkpoint paging ({@code take}/{@code from}), which, unlike
 * offset paging, goes past 1000 records. Auth0 returns a {@code next} even on the last page and then one
 * empty page without it, so the walk ends on a page without {@code next} (or an empty one).
 */
public class MemberPager {

    private final ManagementApi api;

    public MemberPager(ManagementApi api) {
        this.api = api;
    }

    /**
     * Hands each page of member ids to {@code pageConsumer}, so memory holds one page, not the organization.
     *
     * @return false when the organization does not exist
     */
    public boolean forEachPage(String organizationId, Consumer<List<String>> pageConsumer) {
        return forEachMemberPage(organizationId, page -> pageConsumer.accept(List.copyOf(page.keySet())));
    }

    /**
     * Hands each page to {@code pageConsumer} as user ids with their emails (null when Auth0 lists none), in
     * listing order.
     *
     * @return false when the organization does not exist
     */
    public boolean forEachMemberPage(String organizationId, Consumer<Map<String, String>> pageConsumer) {
        return forEachPage(organizationId, false, page -> pageConsumer.accept(page.emailsById()));
    }

    /**
     * Hands each non-empty page to {@code pageConsumer}; {@code withRoles} also reads each member's organization
     * roles.
     *
     * @return false when the organization does not exist
     */
    public boolean forEachPage(String organizationId, boolean withRoles, Consumer<MembersPage> pageConsumer) {
        String from = null;
        while (true) {
            Optional<MembersPage> page = api.membersPage(organizationId, from, withRoles);
            if (page.isEmpty()) {
                return false;
            }
            Map<String, String> members = page.get().emailsById();
            if (!members.isEmpty()) {
                pageConsumer.accept(page.get());
            }
            String next = page.get().next();
            // A cursor that does not move, or an empty page, would loop forever: both mean "done".
            if (next == null || members.isEmpty() || Objects.equals(next, from)) {
                return true;
            }
            from = next;
        }
    }
}
