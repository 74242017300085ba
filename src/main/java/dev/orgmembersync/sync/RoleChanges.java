package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.orgmembersync.ledger.MemberRoles.RoleRef;
import dev.orgmembersync.ledger.MemberRoles.RoleRow;

/**
 * What one row's roles need: the roles it names that Auth0 did not list for the member, and (mirror mode) those
 * Auth0 listed that it does not name. A member Auth0 did not list at the snapshot (added by this run) has none.
 */
record RoleChanges(List<RoleRef> current, List<RoleRef> toAdd, List<RoleRef> toRemove) {

    static RoleChanges of(RoleRow row, boolean mirror) {
        List<RoleRef> current = row.current() == null ? List.of() : row.current();
        Set<String> currentIds = idSet(current);
        Set<String> wantedIds = idSet(row.wanted());
        List<RoleRef> toAdd = row.wanted().stream().filter(role -> !currentIds.contains(role.id())).toList();
        List<RoleRef> toRemove = mirror ? current.stream().filter(role -> !wantedIds.contains(role.id())).toList()
                : List.of();
        return new RoleChanges(current, toAdd, toRemove);
    }

    /** The member's roles once {@code added} are added and {@code removed} removed, in listing order. */
    List<RoleRef> after(List<RoleRef> added, List<RoleRef> removed) {
        Set<String> gone = idSet(removed);
        List<RoleRef> after = new ArrayList<>(current.stream().filter(role -> !gone.contains(role.id())).toList());
        Set<String> present = idSet(after);
        added.stream().filter(role -> !present.contains(role.id())).forEach(after::add);
        return after;
    }

    static List<String> ids(List<RoleRef> roles) {
        return roles.stream().map(RoleRef::id).toList();
    }

    private static Set<String> idSet(List<RoleRef> roles) {
        return roles.stream().map(RoleRef::id).collect(Collectors.toSet());
    }

    /** Names for the report's detail: {@code Viewer, Billing Admin}. */
    static String names(List<RoleRef> roles) {
        return roles.stream().map(RoleRef::name).collect(Collectors.joining(", "));
    }

    /** Names for the report's roles column, as the input writes them: {@code Viewer;Billing Admin}. */
    static String column(List<RoleRef> roles) {
        return roles.stream().map(RoleRef::name).collect(Collectors.joining(";"));
    }
}
