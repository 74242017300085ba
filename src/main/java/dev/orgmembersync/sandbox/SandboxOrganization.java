package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One organization: members in insertion order (new members are appended, so positions are stable cursors; only
 * the control endpoint removes members, between runs, which shifts a listing in progress) and how many accepted
 * POST bodies carried each user id.
 */
final class SandboxOrganization {

    private final String id;
    private final String name;
    private final String displayName;
    private final List<String> order = new ArrayList<>();
    private final Set<String> members = new HashSet<>();
    private final Map<String, Integer> posts = new HashMap<>();
    private final Map<String, Integer> deletes = new HashMap<>();
    /** Members removed by a DELETE, still listed until their deadline ({@link System#nanoTime()}). */
    private final Map<String, Long> leaving = new HashMap<>();

    SandboxOrganization(String id, String name, String displayName) {
        this.id = id;
        this.name = name;
        this.displayName = displayName;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String displayName() {
        return displayName;
    }

    /** Adds the ids that are not members yet (seeding or test setup, not counted as posts). */
    synchronized void addMembers(Collection<String> userIds) {
        for (String userId : userIds) {
            if (members.add(userId)) {
                order.add(userId);
            }
        }
    }

    /** Removes the ids that are members (test setup: members removed in Auth0 between two runs). */
    synchronized void removeMembers(Collection<String> userIds) {
        for (String userId : userIds) {
            if (members.remove(userId)) {
                order.remove(userId);
            }
        }
    }

    /** Applies one accepted POST body: adds new members and counts each distinct id once. */
    synchronized void applyPost(Collection<String> userIds) {
        Set<String> distinct = new LinkedHashSet<>(userIds);
        addMembers(distinct);
        for (String userId : distinct) {
            posts.merge(userId, 1, Integer::sum);
        }
    }

    /**
     * Applies one accepted DELETE body: counts each distinct id, and removes the members once {@code deadlineNanos}
     * has passed (at the start of a later listing, so a listing in progress keeps its positions).
     */
    synchronized void applyDelete(Collection<String> userIds, long deadlineNanos) {
        for (String userId : new LinkedHashSet<>(userIds)) {
            deletes.merge(userId, 1, Integer::sum);
            if (members.contains(userId)) {
                leaving.merge(userId, deadlineNanos, Math::min);
            }
        }
        removeLeavers();
    }

    private void removeLeavers() {
        long now = System.nanoTime();
        List<String> gone = leaving.entrySet().stream().filter(e -> e.getValue() - now <= 0).map(Map.Entry::getKey).toList();
        gone.forEach(leaving::remove);
        removeMembers(gone);
    }

    synchronized int deletesFor(String userId) {
        return deletes.getOrDefault(userId, 0);
    }

    synchronized Map<String, Integer> deletes() {
        return new HashMap<>(deletes);
    }

    synchronized int size() {
        return order.size();
    }

    /** Up to {@code count} member ids starting at position {@code from} (empty when past the end). */
    synchronized List<String> page(int from, int count) {
        if (from == 0) {
            removeLeavers();
        }
        int start = Math.min(from, order.size());
        int end = (int) Math.min((long) start + count, order.size());
        return new ArrayList<>(order.subList(start, end));
    }

    synchronized Set<String> members() {
        removeLeavers();
        return new LinkedHashSet<>(order);
    }

    synchronized int postsFor(String userId) {
        return posts.getOrDefault(userId, 0);
    }

    synchronized Map<String, Integer> posts() {
        return new HashMap<>(posts);
    }
}
