package dev.orgmembersync.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses the {@code --name=value} options of {@link SandboxServerMain} into settings and a seed. */
final class SandboxCommandLine {

    static final String USAGE = """
            usage: SandboxServerMain [--port=8089] [--seed=samples/sandbox-tenant.json]
              [--writes-per-minute=0 --writes-burst=20] [--reads-per-minute=0 --reads-burst=40]
              [--tenant-per-second=0 --tenant-burst=N] [--latency-ms=0] [--latency-spike-rate=0 --latency-spike-ms=0]
              [--server-error-rate=0] [--drop-rate=0] [--fault-seed=42] [--token-lifetime-seconds=86400]
              [--generate-orgs=0] [--generate-users=0] [--seed-members=FILE]
              [--client-public-key=PEM | --generate-client-key=DIR] [--client-key-algorithm=RS256]
              [--export-delay-ms=0] [--export-link-seconds=60] [--removal-delay-ms=0]
              [--refuse-invitations-for=CLIENT_ID] [--search-lag-ids=ID,ID...]
            A rate of 0 disables that bucket. Without --seed the tenant only has the client
            sandbox-client / sandbox-secret-change-me. --seed-members: CSV lines organization_id,user_id (an
            optional header), members the organizations hold before the run. --client-public-key: every client
            also authenticates with Private Key JWT assertions this RSA public key verifies; --generate-client-key
            writes a new pair into DIR (client-key.pem, client-key.pub.pem) and prints the private key's path.
            Generated user N has the email genNNNNNNNN@example.com. --export-delay-ms: how long a user export job
            stays pending; --export-link-seconds: how long its signed download link is valid; --removal-delay-ms:
            how long members removed by DELETE stay listed (Auth0: about 5 to 10 s).
            --refuse-invitations-for: invitations for this application get Auth0's 400 "The specified client_id
            does not allow organizations." (a client not enabled for organizations). --search-lag-ids: users that exist but the user search does not list yet
            (Auth0's search is eventually consistent).""";

    private static final Set<String> OPTIONS = Set.of("port", "seed", "writes-per-minute", "writes-burst",
            "reads-per-minute", "reads-burst", "tenant-per-second", "tenant-burst", "latency-ms",
            "latency-spike-rate", "latency-spike-ms", "server-error-rate", "drop-rate", "fault-seed",
            "token-lifetime-seconds", "generate-orgs", "generate-users", "seed-members", "client-public-key",
            "generate-client-key", "client-key-algorithm", "export-delay-ms", "export-link-seconds",
            "removal-delay-ms", "refuse-invitations-for", "search-lag-ids");
    private static final Set<String> KEY_ALGORITHMS = Set.of("RS256", "RS384", "PS256");

    private final Map<String, String> values = new HashMap<>();

    SandboxCommandLine(String... args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
            values.put(name, arg.substring(eq + 1));
        }
    }

    SandboxSettings settings() {
        int writesPerMinute = integer("writes-per-minute", 0);
        int readsPerMinute = integer("reads-per-minute", 0);
        double tenantPerSecond = decimal("tenant-per-second", 0);
        Faults faults = new Faults(Duration.ofMillis(integer("latency-ms", 0)), decimal("latency-spike-rate", 0),
                Duration.ofMillis(integer("latency-spike-ms", 0)), decimal("server-error-rate", 0),
                decimal("drop-rate", 0), integer("fault-seed", 42));
        return new SandboxSettings(integer("port", 8089),
                writesPerMinute > 0 ? BucketLimit.perMinute(writesPerMinute, integer("writes-burst", 20)) : BucketLimit.off(),
                readsPerMinute > 0 ? BucketLimit.perMinute(readsPerMinute, integer("reads-burst", 40)) : BucketLimit.off(),
                tenantPerSecond > 0
                        ? BucketLimit.perSecond(tenantPerSecond,
                                integer("tenant-burst", (int) Math.max(1, Math.ceil(tenantPerSecond))))
                        : BucketLimit.off(),
                faults,
                Duration.ofSeconds(integer("token-lifetime-seconds", 86_400)));
    }

    TenantSeed seed() throws IOException {
        String path = values.get("seed");
        TenantSeed seed = path == null
                ? TenantSeed.empty().withClient("sandbox-client", "sandbox-secret-change-me",
                        "read:organization_members", "create:organization_members", "delete:organization_members",
                        "read:organizations", "read:users", "read:organization_invitations", "create:organization_invitations",
                        "read:roles", "read:organization_member_roles", "create:organization_member_roles",
                        "delete:organization_member_roles")
                : TenantSeed.read(Path.of(path));
        int orgs = integer("generate-orgs", 0);
        int users = integer("generate-users", 0);
        return orgs > 0 || users > 0 ? seed.withGenerated(orgs, users) : seed;
    }

    Duration removalDelay() {
        return Duration.ofMillis(integer("removal-delay-ms", 0));
    }

    Duration exportDelay() {
        return Duration.ofMillis(integer("export-delay-ms", 0));
    }

    Duration exportLinkLifetime() {
        return Duration.ofSeconds(integer("export-link-seconds", 60));
    }

    /** The application whose invitations are refused ({@code --refuse-invitations-for}), if given. */
    Optional<String> refuseInvitationsFor() {
        return Optional.ofNullable(values.get("refuse-invitations-for")).filter(id -> !id.isBlank());
    }

    /** The {@code --search-lag-ids} users, comma-separated. */
    java.util.List<String> searchLagIds() {
        String ids = values.getOrDefault("search-lag-ids", "");
        return ids.isBlank() ? java.util.List.of() : java.util.List.of(ids.split(","));
    }

    /** The {@code --seed-members} file, if given. */
    Optional<Path> seedMembers() {
        return Optional.ofNullable(values.get("seed-members")).map(Path::of);
    }

    /** The public key every client's assertions are checked against, if asked for; generates the pair if asked. */
    Optional<RSAPublicKey> clientKey() throws IOException {
        if (values.containsKey("client-public-key") && values.containsKey("generate-client-key")) {
            throw new IllegalArgumentException("--client-public-key and --generate-client-key exclude each other");
        }
        if (values.containsKey("generate-client-key")) {
            return Optional.of(SandboxClientKey.generate(generatedKeyDir().orElseThrow()));
        }
        Optional<Path> file = Optional.ofNullable(values.get("client-public-key")).map(Path::of);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new IllegalArgumentException("--client-public-key=" + file.get() + ": no such readable file");
        }
        return file.isPresent() ? Optional.of(SandboxClientKey.read(file.get())) : Optional.empty();
    }

    /** The {@code --generate-client-key} directory, if given. */
    Optional<Path> generatedKeyDir() {
        return Optional.ofNullable(values.get("generate-client-key")).map(Path::of);
    }

    /** The algorithm of the client key credential: RS256 (default), RS384 or PS256. */
    String clientKeyAlgorithm() {
        String algorithm = values.getOrDefault("client-key-algorithm", "RS256");
        if (!KEY_ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("--client-key-algorithm must be RS256, RS384 or PS256: " + algorithm);
        }
        return algorithm;
    }

    private int integer(String name, int defaultValue) {
        String value = values.get(name);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs an integer: " + value);
        }
    }

    private double decimal(String name, double defaultValue) {
        String value = values.get(name);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number: " + value);
        }
    }
}
