package dev.orgmembersync.sync;

import java.util.List;

/** Up to ten pending rows of one organization: one POST. */
record MemberBatch(String organizationId, List<Long> lines, List<String> userIds) {

    MemberBatch {
        lines = List.copyOf(lines);
        userIds = List.copyOf(userIds);
    }

    int size() {
        return userIds.size();
    }

    /** The first or second half, for isolating a bad id. */
    MemberBatch half(boolean first) {
        int middle = size() / 2;
        return first ? new MemberBatch(organizationId, lines.subList(0, middle), userIds.subList(0, middle))
                : new MemberBatch(organizationId, lines.subList(middle, size()), userIds.subList(middle, size()));
    }
}
