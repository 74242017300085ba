package dev.orgmembersync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.opencsv.CSVReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.cli.CommandLine;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * Runs the real application ({@link OrgMemberSyncApplication#run}) against a sandbox tenant on loopback,
 * with its own H2 file database and report directory under a test's temporary folder.
 */
public final class SyncRunFixture implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret-7f3a9c";
    public static final String ACME = "org_AcmeTest0000001";
    public static final String GLOBEX = "org_GlobexTest00001";

    private final Path dir;
    private final SandboxTenant sandbox;

    public SyncRunFixture(Path dir, SandboxSettings settings, TenantSeed seed) {
        this(dir, settings, seed, "read:organization_members", "create:organization_members",
                "delete:organization_members", "read:organizations", "read:users", "read:organization_invitations",
                "create:organization_invitations", "read:roles", "read:organization_member_roles",
                "create:organization_member_roles", "delete:organization_member_roles");
    }

    /** The test client gets only these scopes. */
    public SyncRunFixture(Path dir, SandboxSettings settings, TenantSeed seed, String... scopes) {
        this.dir = dir;
        try {
            this.sandbox = SandboxTenant.start(settings, seed.withClient(CLIENT_ID, CLIENT_SECRET, scopes));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static final String ADMIN_ROLE = "rol_AdminTest000001";
    public static final String VIEWER_ROLE = "rol_ViewerTest00001";

    /**
     * Users {@code auth0|user0001..}; ACME has the first {@code acmeMembers} of them, GLOBEX none; the tenant roles
     * {@code admin} and {@code viewer}.
     */
    public static TenantSeed seed(int users, int acmeMembers) {
        return TenantSeed.empty().withUsers(users(1, users))
                .withRole(ADMIN_ROLE, "admin", null).withRole(VIEWER_ROLE, "viewer", null)
                .withOrganization(ACME, "acme", users(1, acmeMembers))
                .withOrganization(GLOBEX, "globex", List.of());
    }

    public static List<String> users(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(SyncRunFixture::user).toList();
    }

    public static String user(int n) {
        return String.format("auth0|user%04d", n);
    }

    public SandboxTenant sandbox() {
        return sandbox;
    }

    public Path dir() {
        return dir;
    }

    public Path reportDir() {
        return dir.resolve("reports");
    }

    /** Writes a CSV with the header {@code organization_id,user_id} and the given rows. */
    public Path csv(String name, List<String> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("organization_id,user_id");
        lines.addAll(rows);
        try {
            return Files.write(dir.resolve(name), lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs the jar's main logic with test defaults; {@code extra} arguments win. */
    public int run(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "--sync.input=" + input,
                "--sync.report-dir=" + reportDir(),
                "--auth0.base-url=" + sandbox.baseUrl(),
                "--auth0.client-id=" + CLIENT_ID,
                "--auth0.client-secret=" + CLIENT_SECRET,
                "--sync.verify.recheck-delay=100ms",
                "--sync.retry.initial-backoff=20ms",
                "--sync.retry.max-backoff=2s"));
        return OrgMemberSyncApplication.run(CommandLine.merge(args, Arrays.asList(extra)));
    }

    /** reconciliation.csv without its header. */
    public List<String[]> report() {
        try (CSVReader csv = new CSVReader(Files.newBufferedReader(reportDir().resolve("reconciliation.csv")))) {
            List<String[]> rows = csv.readAll();
            if (!Arrays.equals(rows.get(0), new String[] { "line", "organization_id", "user_id", "status", "detail",
                    "organization_name", "email", "roles" })) {
                throw new AssertionError("unexpected header " + Arrays.toString(rows.get(0)));
            }
            return rows.subList(1, rows.size());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Report rows keyed by a column. */
    public Map<String, String[]> reportBy(Function<String[], String> key) {
        return report().stream().collect(Collectors.toMap(key, row -> row, (a, b) -> a));
    }

    public long countStatus(String status) {
        return report().stream().filter(row -> row[3].equals(status)).count();
    }

    public JsonNode summary() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(reportDir().resolve("summary.json")));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
