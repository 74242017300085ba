package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.ledger.UnlistedMembers.Member;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mirror mode's decision, per organization the snapshot listed: which members the input does not list are removed.
 * Taken out are those {@code sync.mirror.keep} protects and, in an organization with input rows that could not be
 * resolved, those whose user id or email the input mentions anywhere (the unresolved row may be theirs). If the rest
 * are more than {@code sync.mirror.max-removals} or {@code sync.mirror.max-removal-percent} of the organization's
 * members, none is removed (REMOVAL_HELD): a truncated or wrong input must not empty an organization. A dry run
 * takes the same decision (WOULD_REMOVE instead of REMOVAL_PENDING).
 * <p>
 * Each organization's decision is written in one transaction, so a restart either finds it whole or takes it again
 * from the same candidates: the guard never sees a partial count.
 */
class RemovalPlanner {

    private static final Logger log = LoggerFactory.getLogger(RemovalPlanner.class);

    private final UnlistedMembers unlisted;
    private final UserApi api;
    private final ParallelCalls parallel;
    private final SyncProperties.Mirror mirror;
    private final TransactionTemplate ownTransaction;
    private final Set<String> keptIds;
    private final Set<String> keptEmails;
    private final Set<String> keptConnections;

    RemovalPlanner(UnlistedMembers unlisted, UserApi api, ParallelCalls parallel, SyncProperties.Mirror mirror,
            PlatformTransactionManager tx) {
        this.unlisted = unlisted;
        this.api = api;
        this.parallel = parallel;
        this.mirror = mirror;
        this.ownTransaction = new TransactionTemplate(tx);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        String prefix = SyncProperties.Mirror.CONNECTION_PREFIX;
        this.keptConnections = mirror.keep().stream().filter(entry -> entry.startsWith(prefix))
                .map(entry -> entry.substring(prefix.length()).trim()).collect(Collectors.toSet());
        this.keptEmails = mirror.keep().stream().filter(entry -> !entry.startsWith(prefix) && entry.contains("@")
                && !entry.contains("|")).map(entry -> entry.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.keptIds = mirror.keep().stream().filter(entry -> !entry.startsWith(prefix)).collect(Collectors.toSet());
    }

    void plan(long runId, boolean dryRun) {
        Map<String, Long> organizations = unlisted.organizationsListed(runId);
        Set<String> unsure = unlisted.organizationsWithUnresolvedRows(runId);
        log.info("Mirror mode: deciding the removals in {} organizations (at most {} or {} % of each one's members;"
                + " {} sync.mirror.keep entries; {} with input rows that could not be resolved)", organizations.size(),
                mirror.maxRemovals(), mirror.maxRemovalPercent(), mirror.keep().size(), unsure.size());
        parallel.forEach(List.copyOf(organizations.keySet()),
                organizationId -> plan(runId, organizationId, organizations.get(organizationId),
                        unsure.contains(organizationId), dryRun));
    }

    private void plan(long runId, String organizationId, long membersBefore, boolean unsure, boolean dryRun) {
        List<Member> candidates = unlisted.members(runId, organizationId, RowStatus.UNLISTED_MEMBER);
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, Long> mentioned = unsure ? unlisted.mentionedInInput(runId, candidates) : Map.of();
        List<String> removals = new ArrayList<>();
        for (Member member : candidates) {
            Optional<String> keep = keepReason(member);
            if (keep.isPresent()) {
                kept.put(member.userId(), keep.get());
            }
            else if (mentioned.containsKey(member.userId())) {
                kept.put(member.userId(), "not removed: line " + mentioned.get(member.userId()) + " of the input names this"
                        + " user, and rows of this organization could not be resolved, so the input may mean them here");
            }
            else if (unsure && (member.email() == null || member.email().isBlank())) {
                // An unresolved row may name this member by an email Auth0 did not list: unsure, so kept.
                kept.put(member.userId(), "not removed: Auth0 lists no email for this member, and rows of this"
                        + " organization that could not be resolved may name it by email");
            }
            else {
                removals.add(member.userId());
            }
        }
        String over = overTheGuard(removals.size(), membersBefore);
        ownTransaction.executeWithoutResult(status -> {
            kept.forEach((userId, reason) -> unlisted.mark(runId, organizationId, List.of(userId),
                    RowStatus.UNLISTED_MEMBER, RowStatus.KEPT, reason));
            if (over != null) {
                unlisted.mark(runId, organizationId, removals, RowStatus.UNLISTED_MEMBER, RowStatus.REMOVAL_HELD,
                        "not removed: " + over);
            }
            else {
                unlisted.mark(runId, organizationId, removals, RowStatus.UNLISTED_MEMBER,
                        dryRun ? RowStatus.WOULD_REMOVE : RowStatus.REMOVAL_PENDING,
                        dryRun ? "not in the input; dry run, not removed" : "not in the input; to be removed");
            }
        });
        if (over != null) {
            log.warn("{}: no member removed: {}; if the input is complete, raise the option", organizationId, over);
        }
        else if (!removals.isEmpty()) {
            log.info("{}: {} {} of {} members ({} kept)", organizationId, dryRun ? "would remove" : "removing",
                    removals.size(), membersBefore, kept.size());
        }
    }

    /** Why the guard holds {@code removals} of an organization with {@code membersBefore} members, or null. */
    private String overTheGuard(int removals, long membersBefore) {
        if (removals == 0) {
            return null;
        }
        double percent = membersBefore == 0 ? 100 : removals * 100.0 / membersBefore;
        String share = String.format(Locale.ROOT, "%d of its %d members (%.1f %%) are not in the input", removals,
                membersBefore, percent);
        List<String> limits = new ArrayList<>();
        if (removals > mirror.maxRemovals()) {
            limits.add("over sync.mirror.max-removals=" + mirror.maxRemovals());
        }
        if ((long) removals * 100 > (long) mirror.maxRemovalPercent() * membersBefore) {
            limits.add("over sync.mirror.max-removal-percent=" + mirror.maxRemovalPercent());
        }
        return limits.isEmpty() ? null : share + ", " + String.join(" and ", limits);
    }

    private Optional<String> keepReason(Member member) {
        if (keptIds.contains(member.userId())) {
            return Optional.of("not removed: sync.mirror.keep lists this user id");
        }
        if (member.email() != null && keptEmails.contains(member.email().trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("not removed: sync.mirror.keep lists this email");
        }
        if (keptConnections.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> connections = api.userConnections(member.userId());
        if (connections.isEmpty()) {
            // Auth0 lists the member but has no such user: which connection it was on is unknown, so keep it.
            return Optional.of("not removed: Auth0 has no user " + member.userId() + " to read its connection from,"
                    + " and sync.mirror.keep protects connections");
        }
        return connections.get().stream().filter(keptConnections::contains).findFirst()
                .map(connection -> "not removed: sync.mirror.keep lists its connection " + connection);
    }
}
