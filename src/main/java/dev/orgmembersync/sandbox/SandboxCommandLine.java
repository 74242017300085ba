package dev.orgmembersync.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.NestedExceptionUtils;

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

    private static final Set<String> KEY_ALGORITHMS = Set.of("RS256", "RS384", "PS256");

    /** Every option with its default, in one place; bound from {@code --kebab-case=value} by Spring Boot's Binder. */
    record Options(@DefaultValue("8089") int port, String seed,
            @DefaultValue("0") int writesPerMinute, @DefaultValue("20") int writesBurst,
            @DefaultValue("0") int readsPerMinute, @DefaultValue("40") int readsBurst,
            @DefaultValue("0") double tenantPerSecond, Integer tenantBurst,
            @DefaultValue("0") int latencyMs, @DefaultValue("0") double latencySpikeRate,
            @DefaultValue("0") int latencySpikeMs, @DefaultValue("0") double serverErrorRate,
            @DefaultValue("0") double dropRate, @DefaultValue("42") long faultSeed,
            @DefaultValue("86400") int tokenLifetimeSeconds, @DefaultValue("0") int generateOrgs,
            @DefaultValue("0") int generateUsers, String seedMembers, String clientPublicKey,
            String generateClientKey, @DefaultValue("RS256") String clientKeyAlgorithm,
            @DefaultValue("0") int exportDelayMs, @DefaultValue("60") int exportLinkSeconds,
            @DefaultValue("0") int removalDelayMs, String refuseInvitationsFor,
            @DefaultValue List<String> searchLagIds) {
    }

    private final Options options;

    SandboxCommandLine(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq <= 2) {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
            values.put("sandbox." + arg.substring(2, eq), arg.substring(eq + 1));
        }
        try {
            // an option no component of Options takes is an error, not silently ignored
            options = new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("sandbox",
                    Bindable.of(Options.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        }
        catch (BindException ex) {
            // e.g. "Failed to bind properties under 'sandbox.port' to int: For input string: \"x\""
            throw new IllegalArgumentException(ex.getMessage() + ": "
                    + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), ex);
        }
    }

    SandboxSettings settings() {
        Options o = options;
        Faults faults = new Faults(Duration.ofMillis(o.latencyMs()), o.latencySpikeRate(),
                Duration.ofMillis(o.latencySpikeMs()), o.serverErrorRate(), o.dropRate(), o.faultSeed());
        return new SandboxSettings(o.port(),
                o.writesPerMinute() > 0 ? BucketLimit.perMinute(o.writesPerMinute(), o.writesBurst()) : BucketLimit.off(),
                o.readsPerMinute() > 0 ? BucketLimit.perMinute(o.readsPerMinute(), o.readsBurst()) : BucketLimit.off(),
                o.tenantPerSecond() > 0
                        ? BucketLimit.perSecond(o.tenantPerSecond(), o.tenantBurst() != null ? o.tenantBurst()
                                : (int) Math.max(1, Math.ceil(o.tenantPerSecond())))
                        : BucketLimit.off(),
                faults,
                Duration.ofSeconds(o.tokenLifetimeSeconds()));
    }

    TenantSeed seed() throws IOException {
        String path = options.seed();
        TenantSeed seed = path == null
                ? TenantSeed.empty().withClient("sandbox-client", "sandbox-secret-change-me",
                        "read:organization_members", "create:organization_members", "delete:organization_members",
                        "read:organizations", "read:users", "read:organization_invitations", "create:organization_invitations",
                        "read:roles", "read:organization_member_roles", "create:organization_member_roles",
                        "delete:organization_member_roles")
                : TenantSeed.read(Path.of(path));
        int orgs = options.generateOrgs();
        int users = options.generateUsers();
        return orgs > 0 || users > 0 ? seed.withGenerated(orgs, users) : seed;
    }

    Duration removalDelay() {
        return Duration.ofMillis(options.removalDelayMs());
    }

    Duration exportDelay() {
        return Duration.ofMillis(options.exportDelayMs());
    }

    Duration exportLinkLifetime() {
        return Duration.ofSeconds(options.exportLinkSeconds());
    }

    /** The application whose invitations are refused ({@code --refuse-invitations-for}), if given. */
    Optional<String> refuseInvitationsFor() {
        return Optional.ofNullable(options.refuseInvitationsFor()).filter(id -> !id.isBlank());
    }

    /** The {@code --search-lag-ids} users, comma-separated. */
    List<String> searchLagIds() {
        return options.searchLagIds().stream().filter(id -> !id.isBlank()).toList();
    }

    /** The {@code --seed-members} file, if given. */
    Optional<Path> seedMembers() {
        return Optional.ofNullable(options.seedMembers()).map(Path::of);
    }

    /** The public key every client's assertions are checked against, if asked for; generates the pair if asked. */
    Optional<RSAPublicKey> clientKey() throws IOException {
        if (options.clientPublicKey() != null && options.generateClientKey() != null) {
            throw new IllegalArgumentException("--client-public-key and --generate-client-key exclude each other");
        }
        if (options.generateClientKey() != null) {
            return Optional.of(SandboxClientKey.generate(generatedKeyDir().orElseThrow()));
        }
        Optional<Path> file = Optional.ofNullable(options.clientPublicKey()).map(Path::of);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new IllegalArgumentException("--client-public-key=" + file.get() + ": no such readable file");
        }
        return file.isPresent() ? Optional.of(SandboxClientKey.read(file.get())) : Optional.empty();
    }

    /** The {@code --generate-client-key} directory, if given. */
    Optional<Path> generatedKeyDir() {
        return Optional.ofNullable(options.generateClientKey()).map(Path::of);
    }

    /** The algorithm of the client key credential: RS256 (default), RS384 or PS256. */
    String clientKeyAlgorithm() {
        String algorithm = options.clientKeyAlgorithm();
        if (!KEY_ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("--client-key-algorithm must be RS256, RS384 or PS256: " + algorithm);
        }
        return algorithm;
    }
}
