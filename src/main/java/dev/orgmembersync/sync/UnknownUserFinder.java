package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Auth0AccessException;
import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.auth0.TenantUnavailableException;

/**
 * Finds which ids of a batch Auth0 refused ("users do not exist", naming none) do not exist, with calls outside the
 * member-write bucket: one user search for the batch's ids, then {@code GET /users/{id}} for each id the search
 * does not list (the search is eventually consistent, so a user created moments ago may be missing from it: a
 * 404 decides, a 200 means the user exists). Without the {@code read:users} scope, or when Auth0 answers
 * something else, it cannot decide and the caller halves the batch as before.
 */
class UnknownUserFinder {

    private static final Logger log = LoggerFactory.getLogger(UnknownUserFinder.class);

    private final UserApi api;
    private final Paces paces;
    private final RefusedBatchCalls calls;
    /** Set once Auth0 refused a lookup (401/403): no point asking again for every refused batch. */
    private final AtomicBoolean refused = new AtomicBoolean();

    UnknownUserFinder(UserApi api, Paces paces, RefusedBatchCalls calls) {
        this.api = api;
        this.paces = paces;
        this.calls = calls;
    }

    /**
     * Whether looking the ids up beats halving for a refused batch of {@code size}. With separate buckets it costs
     * one member write in all (halving a batch of 10 costs about 7), so from two ids on. With one global bucket
     * (a free tenant) every call counts: a search, one lookup and the resend (3) beat halving from three ids on
     * (halving 2 ids costs 2 calls, 3 ids 3.3 on average).
     */
    boolean worthLookingUp(int size) {
        return !refused.get() && size >= (paces.oneGlobalBucket() ? 3 : 2);
    }

    /** The ids of {@code userIds} that do not exist, or empty when the lookups cannot decide. */
    Optional<List<String>> unknownIds(String organizationId, List<String> userIds) {
        try {
            calls.spent();
            Optional<Set<String>> listed = api.searchUsersById(userIds);
            if (listed.isEmpty()) {
                log.info("Auth0 refused the user search for a refused batch of {} for {}; halving it instead",
                        userIds.size(), organizationId);
                return Optional.empty();
            }
            List<String> unknown = new ArrayList<>();
            for (String id : userIds) {
                if (!listed.get().contains(id)) {
                    calls.spent();
                    Optional<Boolean> exists = api.userExists(id);
                    if (exists.isEmpty()) {
                        return Optional.empty();
                    }
                    if (!exists.get()) {
                        unknown.add(id);
                    }
                }
            }
            // Every id exists, yet Auth0 refused them: the lookups cannot tell which one it means.
            return unknown.isEmpty() ? Optional.empty() : Optional.of(unknown);
        }
        catch (Auth0AccessException ex) {
            if (refused.compareAndSet(false, true)) {
                log.warn("Cannot look users up to find the unknown ids of a refused batch ({}); refused batches are"
                        + " halved instead (grant read:users to spare member writes)", ex.getMessage());
            }
            return Optional.empty();
        }
        catch (TenantUnavailableException ex) {
            log.info("User lookups failed ({}); halving the refused batch for {} instead", ex.getMessage(),
                    organizationId);
            return Optional.empty();
        }
    }
}
