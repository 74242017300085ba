package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake Auth0 tenant served over HTTP on 127.0.0.1: {@code POST /oauth/token},
 * {@code GET|POST /api/v2/organizations/{id}/members}, {@code GET /api/v2/organizations/name/{name}},
 * {@code GET /api/v2/users-by-email}, the user search and {@code GET /api/v2/users/{id}},
 * {@code GET|POST /api/v2/organizations/{id}/invitations}, roles ({@code GET /api/v2/roles}, a member's organization
 * roles), user export jobs
 * with their signed download links ({@code /exports/}) and the
 * control endpoints under {@code /sandbox/}, with Auth0-style rate limits and injectable faults.
 * Thread-safe; requests are served in parallel.
 */
public final class SandboxTenant implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final TenantDirectory directory;
    private final AccessTokens tokens;
    private final ClientAssertions assertions = new ClientAssertions(System::currentTimeMillis);
    private final FaultInjector faults;
    private final SandboxCounters counters = new SandboxCounters();
    private final UserExports exports = new UserExports(System::currentTimeMillis);
    private final OrganizationInvitations invitations = new OrganizationInvitations(System::currentTimeMillis);
    private final URI baseUrl;
    private final ManagementApiHandler handler;
    private final RateLimits rateLimits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SandboxTenant(SandboxSettings settings, TenantSeed seed) throws IOException {
        this.directory = TenantDirectory.from(seed);
        this.tokens = new AccessTokens(seed, settings.tokenLifetime(), System::nanoTime);
        this.faults = new FaultInjector(settings.faults());
        this.rateLimits = new RateLimits(settings, System::nanoTime, System::currentTimeMillis);
        this.executor = LoopbackHttpServer.workers();
        this.server = LoopbackHttpServer.create(settings.port(), executor);
        server.createContext("/oauth/token", new TokenEndpointHandler(tokens, assertions, counters));
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.handler = new ManagementApiHandler(directory, tokens, rateLimits, faults, counters, exports, invitations,
                base);
        server.createContext(ApiRoute.PREFIX, handler);
        server.createContext(UserExports.DOWNLOAD_PREFIX, new ExportDownloadHandler(exports, directory.emails(), counters));
        server.createContext("/sandbox/", new ControlHandler(this, directory));
        this.baseUrl = base;
        assertions.answerAt(baseUrl.toString());
    }

    /** Starts a tenant on 127.0.0.1 and {@code settings.port()} (0 = any free port). */
    public static SandboxTenant start(SandboxSettings settings, TenantSeed seed) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(seed, "seed");
        SandboxTenant tenant = new SandboxTenant(settings, seed);
        tenant.server.start();
        return tenant;
    }

    /** E.g. {@code http://127.0.0.1:54321} (no trailing slash); the Management API audience is {@code baseUrl + "/api/v2/"}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The tenant's roles, and what was asked of them (role listings, role changes per member). */
    public SandboxRoles roles() {
        return directory.roles();
    }

    /** Current members of an organization in insertion order (a copy). */
    public Set<String> members(String orgId) {
        return directory.require(orgId).members();
    }

    public void addUsers(Collection<String> userIds) {
        directory.users().addAll(userIds);
    }

    /** Adds an organization (display name = name); its members are registered as users too. */
    public void addOrganization(String id, String name, Collection<String> members) {
        directory.users().addAll(members);
        directory.addOrganization(id, name, name, List.copyOf(members));
    }

    /**
     * Makes existing users members of an existing organization before a run (not counted as posts); ids that are
     * not users yet become users. For benchmarks that need organizations which already hold some members.
     */
    public void seedMembers(String orgId, Collection<String> userIds) {
        SandboxOrganization org = directory.require(orgId);
        java.util.List<String> unknown = userIds.stream().filter(id -> !directory.users().exists(id)).toList();
        if (!unknown.isEmpty()) {
            directory.users().addAll(unknown);
        }
        org.addMembers(userIds);
    }

    /** How many accepted and applied {@code POST .../members} bodies carried {@code userId} for {@code orgId}. */
    public int postsFor(String orgId, String userId) {
        return directory.require(orgId).postsFor(userId);
    }

    public SandboxStats stats() {
        return counters.snapshot();
    }

    /** Epoch millis at which the first token or API request arrived, or -1 before any. */
    public long firstRequestEpochMillis() {
        return counters.firstRequestMillis();
    }

    /** Epoch millis at which the latest token or API request arrived, or -1 before any. */
    public long lastRequestEpochMillis() {
        return counters.lastRequestMillis();
    }

    /** The request log as CSV ({@code epoch_ms,kind,status}), see {@code GET /sandbox/requests}. */
    void writeRequestLog(java.io.Writer out) throws IOException {
        counters.writeLog(out);
    }

    /**
     * Outside traffic: takes up to {@code tokens} from a bucket ({@code writes}, {@code reads} or {@code tenant}) as
     * the tenant's other applications would; returns how many it got.
     */
    public int drain(String bucket, int tokens) {
        return rateLimits.drain(bucket, tokens);
    }

    /** Invalidates every token issued so far (static seed tokens stay valid); the next use gets a 401. */
    public void revokeAllTokens() {
        tokens.revokeAll();
    }

    /** How long members removed by {@code DELETE .../members} stay listed (default: they leave at once). */
    public void removalDelay(Duration delay) {
        handler.removalDelay(Objects.requireNonNull(delay, "delay"));
    }

    /** How many accepted {@code DELETE .../members} bodies carried {@code userId} for {@code orgId}. */
    public int deletesFor(String orgId, String userId) {
        return directory.require(orgId).deletesFor(userId);
    }

    /** {@code DELETE /api/v2/organizations/{id}/members} requests received. */
    public long deleteRequests() {
        return counters.requests(EndpointKind.MEMBERS_DELETE);
    }

    /** How long a new user export stays {@code pending} (default: completed at once). */
    public void exportDelay(Duration delay) {
        exports.delay(Objects.requireNonNull(delay, "delay"));
    }

    /** How long an export's signed download link is valid (Auth0: 60 s). */
    public void exportLinkLifetime(Duration lifetime) {
        exports.linkLifetime(Objects.requireNonNull(lifetime, "lifetime"));
    }

    /** Makes the user search lag behind for these users (Auth0's search is eventually consistent): they exist, but
     * {@code GET /api/v2/users?q=} does not list them; {@code GET /api/v2/users/{id}} does find them. */
    public void lagSearch(Collection<String> userIds) {
        directory.users().lagSearch(userIds);
    }

    /** Adds a user with an email (as Auth0 stores it) on a connection. */
    public void addAccount(String userId, String email, String connection) {
        directory.users().addAll(List.of(userId));
        directory.emails().add(new UserEmails.Account(userId, email, connection));
    }

    /** The organization's invitations, in the order they were created or added. */
    public List<SandboxInvitation> invitations(String orgId) {
        return invitations.all(orgId);
    }

    /** Adds an invitation as if created before the run; an expiry in the past makes it an expired one. */
    public SandboxInvitation addInvitation(String orgId, String email, java.time.Instant expiresAt) {
        directory.require(orgId);
        return invitations.add(orgId, email, expiresAt);
    }

    /**
     * Makes invitations for this application fail as Auth0 answers for a client that is not allowed to use
     * organizations: 400 "The specified client_id does not allow organizations.".
     */
    public void refuseInvitationsFor(String clientId) {
        invitations.refuseOrganizations(Objects.requireNonNull(clientId, "clientId"));
    }

    /**
     * Runs {@code hook} after each invitation is created and before its 201 leaves (null: nothing): a test can kill
     * the caller exactly between Auth0 applying the POST and the caller hearing of it.
     */
    public void beforeInvitationAnswer(Runnable hook) {
        invitations.beforeCreatedAnswer(hook);
    }

    /**
     * Registers a public-key credential (Private Key JWT) for a client: assertions signed with the private half and
     * {@code algorithm} (RS256, RS384 or PS256) authenticate it.
     */
    public void trustClientKey(String clientId, RSAPublicKey key, String algorithm) {
        assertions.trust(clientId, key, algorithm);
    }

    /**
     * Another URL that reaches this tenant (a proxy in front of it, like a custom domain in front of Auth0): client
     * assertions may name it as their {@code aud}, besides {@link #baseUrl()}.
     */
    public void answerAt(URI url) {
        assertions.answerAt(url.toString());
    }

    /** Client assertions accepted and refused so far, and how many of the refused reused a jti. */
    public ClientAssertionStats clientAssertionStats() {
        return assertions.stats();
    }

    /** Replaces the fault knobs; the random decisions restart from {@code faults.seed()}. */
    public void faults(Faults newFaults) {
        faults.update(Objects.requireNonNull(newFaults, "faults"));
    }

    /** Stops listening, closes open connections and stops the worker threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
