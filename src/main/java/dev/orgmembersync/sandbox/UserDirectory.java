package dev.orgmembersync.sandbox;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The tenant's users: explicitly added ids plus a range of synthetic ids ({@link SyntheticIds}). */
final class UserDirectory {

    private final Set<String> explicit = ConcurrentHashMap.newKeySet();
    private final Set<String> lagging = ConcurrentHashMap.newKeySet();
    private volatile int syntheticCount;

    void addAll(Collection<String> userIds) {
        for (String id : userIds) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("user id must not be empty");
            }
        }
        explicit.addAll(userIds);
    }

    void generate(int count) {
        syntheticCount = Math.max(syntheticCount, count);
    }

    boolean exists(String userId) {
        if (explicit.contains(userId)) {
            return true;
        }
        int n = SyntheticIds.userNumber(userId);
        return n >= 1 && n <= syntheticCount;
    }

    /** Auth0's user search is eventually consistent: these users exist, yet the search does not list them. */
    void lagSearch(Collection<String> userIds) {
        lagging.addAll(userIds);
    }

    boolean searchLists(String userId) {
        return !lagging.contains(userId);
    }
}
