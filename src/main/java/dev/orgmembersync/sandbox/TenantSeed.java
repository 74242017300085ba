package dev.orgmembersync.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;

/**
 * Initial content of a sandbox tenant, usually read from a JSON file such as {@code samples/sandbox-tenant.json}.
 *
 * @param clients       client-credentials clients allowed to call {@code POST /oauth/token}
 * @param tokens        static access tokens (never expire, not affected by {@link SandboxTenant#revokeAllTokens()})
 * @param users         existing user ids
 * @param organizations existing organizations with their members (members must be listed in {@code users})
 * @param generate      synthetic organizations and users to add (see {@link SyntheticIds}); may be absent
 * @param accounts      users with an email (they need not be listed in {@code users}); several may share an email
 * @param roles         the tenant's roles, and organization roles (with {@code owner_id})
 * @param memberRoles   organization roles members already have
 */
public record TenantSeed(List<Client> clients, List<StaticToken> tokens, List<String> users,
                         List<Organization> organizations, Generate generate, List<Account> accounts,
                         List<Role> roles, @JsonProperty("member_roles") List<MemberRole> memberRoles) {

    public TenantSeed {
        clients = copy(clients);
        tokens = copy(tokens);
        users = copy(users);
        organizations = copy(organizations);
        generate = generate == null ? new Generate(0, 0) : generate;
        accounts = copy(accounts);
        roles = copy(roles);
        memberRoles = copy(memberRoles);
    }

    /** A role; {@code owner_id} set: an organization role, owned by that organization. */
    public record Role(String id, String name, @JsonProperty("owner_id") String ownerId) {
        public Role {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Roles (ids) a member of an organization has. */
    public record MemberRole(@JsonProperty("organization_id") String organizationId,
                             @JsonProperty("user_id") String userId, List<String> roles) {
        public MemberRole {
            Objects.requireNonNull(organizationId, "organization_id");
            Objects.requireNonNull(userId, "user_id");
            roles = copy(roles);
        }
    }

    /** A user with an email as Auth0 stores it; {@code connection} defaults to the database connection. */
    public record Account(@JsonProperty("user_id") String userId, String email, String connection) {
        public Account {
            Objects.requireNonNull(userId, "user_id");
            Objects.requireNonNull(email, "email");
            connection = connection == null ? UserEmails.DATABASE_CONNECTION : connection;
        }
    }

    /** A client-credentials client and the scopes it is granted. */
    public record Client(@JsonProperty("client_id") String clientId,
                         @JsonProperty("client_secret") String clientSecret,
                         List<String> scopes) {
        public Client {
            Objects.requireNonNull(clientId, "client_id");
            Objects.requireNonNull(clientSecret, "client_secret");
            scopes = copy(scopes);
        }
    }

    /** A pre-issued bearer token and its scopes. */
    public record StaticToken(String token, List<String> scopes) {
        public StaticToken {
            Objects.requireNonNull(token, "token");
            scopes = copy(scopes);
        }
    }

    /** An organization; {@code display_name} is optional. */
    public record Organization(String id, String name, @JsonProperty("display_name") String displayName,
                               List<String> members) {
        public Organization {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            displayName = displayName == null ? name : displayName;
            members = copy(members);
        }
    }

    /** Number of synthetic organizations and users, see {@link SyntheticIds}. */
    public record Generate(int organizations, int users) {
        public Generate {
            if (organizations < 0 || organizations > SyntheticIds.MAX || users < 0 || users > SyntheticIds.MAX) {
                throw new IllegalArgumentException("generate counts must be within 0.." + SyntheticIds.MAX);
            }
        }
    }

    /** A seed without clients, tokens, users or organizations. */
    public static TenantSeed empty() {
        return new TenantSeed(null, null, null, null, null, null, null, null);
    }

    /** Reads a seed from JSON (snake_case keys as in {@code samples/sandbox-tenant.json}). */
    public static TenantSeed read(Path json) throws IOException {
        String text = Files.readString(json);
        try {
            return Json.MAPPER.readValue(text, TenantSeed.class);
        } catch (JacksonException e) {
            throw new IOException("Invalid sandbox tenant seed " + json + ": " + e.getOriginalMessage(), e);
        }
    }

    public TenantSeed withClient(String clientId, String clientSecret, String... scopes) {
        List<Client> more = new ArrayList<>(clients);
        more.add(new Client(clientId, clientSecret, List.of(scopes)));
        return new TenantSeed(more, tokens, users, organizations, generate, accounts, roles, memberRoles);
    }

    public TenantSeed withStaticToken(String token, String... scopes) {
        List<StaticToken> more = new ArrayList<>(tokens);
        more.add(new StaticToken(token, List.of(scopes)));
        return new TenantSeed(clients, more, users, organizations, generate, accounts, roles, memberRoles);
    }

    public TenantSeed withUsers(Collection<String> userIds) {
        List<String> more = new ArrayList<>(users);
        more.addAll(userIds);
        return new TenantSeed(clients, tokens, more, organizations, generate, accounts, roles, memberRoles);
    }

    public TenantSeed withOrganization(String id, String name, Collection<String> members) {
        List<Organization> more = new ArrayList<>(organizations);
        more.add(new Organization(id, name, null, List.copyOf(members)));
        return new TenantSeed(clients, tokens, users, more, generate, accounts, roles, memberRoles);
    }

    public TenantSeed withAccount(String userId, String email, String connection) {
        List<Account> more = new ArrayList<>(accounts);
        more.add(new Account(userId, email, connection));
        return new TenantSeed(clients, tokens, users, organizations, generate, more, roles, memberRoles);
    }

    public TenantSeed withGenerated(int organizationCount, int userCount) {
        return new TenantSeed(clients, tokens, users, organizations, new Generate(organizationCount, userCount),
                accounts, roles, memberRoles);
    }

    public TenantSeed withRole(String id, String name, String ownerId) {
        List<Role> more = new ArrayList<>(roles);
        more.add(new Role(id, name, ownerId));
        return new TenantSeed(clients, tokens, users, organizations, generate, accounts, more, memberRoles);
    }

    public TenantSeed withMemberRoles(String organizationId, String userId, String... roleIds) {
        List<MemberRole> more = new ArrayList<>(memberRoles);
        more.add(new MemberRole(organizationId, userId, List.of(roleIds)));
        return new TenantSeed(clients, tokens, users, organizations, generate, accounts, roles, more);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
