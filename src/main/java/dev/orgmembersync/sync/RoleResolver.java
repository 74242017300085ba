package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Role;
import dev.orgmembersync.auth0.RoleApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.MemberRoles;
import dev.orgmembersync.ledger.MemberRoles.RoleRef;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Turns the role names of the {@code roles} column into role ids before any write: each distinct name is looked up
 * once ({@code GET /api/v2/roles?name_filter=}; Auth0's filter ignores case, so only exact, case-sensitive matches
 * count). For a row of organization X, a role X owns comes first, then a tenant role; a name with no such role, or
 * with several, makes the row INVALID naming it, so nothing of that row is sent.
 */
class RoleResolver implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RoleResolver.class);

    private final Ledger ledger;
    private final MemberRoles memberRoles;
    private final RoleApi roles;

    RoleResolver(Ledger ledger, MemberRoles memberRoles, RoleApi roles) {
        this.ledger = ledger;
        this.memberRoles = memberRoles;
        this.roles = roles;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        List<MemberRoles.Requested> rows = memberRoles.requested(runId);
        if (rows.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        Map<String, List<Role>> byName = new LinkedHashMap<>();
        rows.stream().flatMap(row -> names(row.roles()).stream()).distinct().forEach(name -> byName.put(name,
                roles.rolesNamed(name).stream().filter(role -> role.name().equals(name)).toList()));
        log.info("Roles: {} names looked up for {} rows", byName.size(), rows.size());
        int invalid = 0;
        for (MemberRoles.Requested row : rows) {
            if (names(row.roles()).isEmpty()) {
                continue; // only separators: no roles value, the member's roles are left alone
            }
            List<RoleRef> wanted = new ArrayList<>();
            String problem = null;
            for (String name : names(row.roles())) {
                List<Role> candidates = pick(byName.get(name), row.organizationId());
                if (candidates.size() == 1) {
                    wanted.add(new RoleRef(candidates.get(0).id(), name));
                }
                else {
                    problem = candidates.isEmpty() ? "roles: unknown role '" + name + "'"
                            : "roles: " + candidates.size() + " roles are named '" + name + "' ("
                                    + candidates.stream().map(Role::id).collect(Collectors.joining(", "))
                                    + "); rename one in Auth0";
                    break;
                }
            }
            if (problem != null) {
                invalid += ledger.markLines(runId, List.of(row.line()), RowStatus.PENDING, RowStatus.INVALID, problem);
            }
            else {
                memberRoles.want(runId, row.line(), wanted);
            }
        }
        if (invalid > 0) {
            log.warn("Roles: {} rows name a role Auth0 does not have (or has several of); they are INVALID", invalid);
        }
        return RepeatStatus.FINISHED;
    }

    /** The organization's own roles of that name if it has any, else the tenant's. */
    private static List<Role> pick(List<Role> sameName, String organizationId) {
        List<Role> owned = sameName.stream().filter(role -> Objects.equals(role.ownerId(), organizationId)).toList();
        return !owned.isEmpty() ? owned : sameName.stream().filter(Role::isTenantRole).toList();
    }

    /** {@code "Viewer; Billing Admin"}: the names, trimmed, each once, in the order given. */
    static List<String> names(String roles) {
        return List.copyOf(Arrays.stream(roles.split(";")).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }
}
