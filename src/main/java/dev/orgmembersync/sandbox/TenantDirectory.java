package dev.orgmembersync.sandbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Users and organizations of the sandbox tenant, safe for concurrent use. */
final class TenantDirectory {

    private final UserDirectory users = new UserDirectory();
    private final UserEmails emails = new UserEmails();
    private final Map<String, SandboxOrganization> byId = new ConcurrentHashMap<>();
    private final Map<String, SandboxOrganization> byName = new ConcurrentHashMap<>();
    private SandboxRoles roles = new SandboxRoles(List.of());

    SandboxRoles roles() {
        return roles;
    }

    UserDirectory users() {
        return users;
    }

    UserEmails emails() {
        return emails;
    }

    static TenantDirectory from(TenantSeed seed) {
        TenantDirectory directory = new TenantDirectory();
        directory.users.addAll(seed.users());
        directory.users.generate(seed.generate().users());
        directory.emails.generate(seed.generate().users());
        for (TenantSeed.Account account : seed.accounts()) {
            directory.users.addAll(List.of(account.userId()));
            directory.emails.add(new UserEmails.Account(account.userId(), account.email(), account.connection()));
        }
        for (TenantSeed.Organization org : seed.organizations()) {
            for (String member : org.members()) {
                if (!directory.users.exists(member)) {
                    throw new IllegalArgumentException(
                            "Member " + member + " of organization " + org.id() + " is not a user of the seed");
                }
            }
            directory.addOrganization(org.id(), org.name(), org.displayName(), org.members());
        }
        for (int n = 1; n <= seed.generate().organizations(); n++) {
            directory.addOrganization(SyntheticIds.organizationId(n), SyntheticIds.organizationName(n),
                    SyntheticIds.organizationDisplayName(n), List.of());
        }
        directory.roles = new SandboxRoles(seed.roles());
        seed.memberRoles().forEach(member -> directory.roles.seed(member.organizationId(), member.userId(),
                member.roles()));
        return directory;
    }

    synchronized void addOrganization(String id, String name, String displayName, Collection<String> members) {
        if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("organization id and name must not be empty");
        }
        if (byId.containsKey(id) || byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate organization id or name: " + id + " / " + name);
        }
        SandboxOrganization org = new SandboxOrganization(id, name, displayName);
        org.addMembers(members);
        byId.put(id, org);
        byName.put(name, org);
    }

    Optional<SandboxOrganization> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<SandboxOrganization> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    SandboxOrganization require(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("Unknown organization: " + id));
    }

    /** Delete counts (accepted DELETE bodies per id) of every organization that received them, sorted by id. */
    Map<String, Map<String, Integer>> deletes() {
        Map<String, Map<String, Integer>> result = new TreeMap<>();
        byId.forEach((id, org) -> {
            Map<String, Integer> counts = org.deletes();
            if (!counts.isEmpty()) {
                result.put(id, new TreeMap<>(counts));
            }
        });
        return result;
    }

    /** Post counts of every organization that received accepted POSTs, sorted by organization id. */
    Map<String, Map<String, Integer>> posts() {
        Map<String, Map<String, Integer>> result = new TreeMap<>();
        byId.forEach((id, org) -> {
            Map<String, Integer> counts = org.posts();
            if (!counts.isEmpty()) {
                result.put(id, new TreeMap<>(counts));
            }
        });
        return result;
    }
}
