package dev.orgmembersync.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox tenant listens, limits and misbehaves.
 *
 * @param port          TCP port on 127.0.0.1, 0 = any free port
 * @param writes        bucket of {@code POST /api/v2/organizations/{id}/members}
 * @param reads         bucket shared by {@code GET .../members} and {@code GET /api/v2/organizations/name/{name}}
 * @param tenant        global bucket of every {@code /api/v2} request, checked before the endpoint bucket
 * @param faults        initial fault knobs (changeable at runtime with {@link SandboxTenant#faults(Faults)})
 * @param tokenLifetime lifetime of access tokens issued by {@code POST /oauth/token}
 */
public record SandboxSettings(int port, BucketLimit writes, BucketLimit reads, BucketLimit tenant, Faults faults,
                              Duration tokenLifetime) {

    public SandboxSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive: " + tokenLifetime);
        }
    }

    /** Any port, no rate limits, no faults, 24 h tokens (Auth0's default lifetime). */
    public static SandboxSettings unlimited() {
        return new SandboxSettings(0, BucketLimit.off(), BucketLimit.off(), BucketLimit.off(), Faults.none(), Duration.ofHours(24));
    }

    /**
     * Limits of an Auth0 Enterprise production tenant: writes 20 burst / 200 per minute, reads 40 / 500 per minute,
     * global 50 burst / 16 per second; no faults.
     */
    public static SandboxSettings auth0Enterprise() {
        return unlimited()
                .withWrites(BucketLimit.perMinute(200, 20))
                .withReads(BucketLimit.perMinute(500, 40))
                .withTenant(BucketLimit.perSecond(16, 50));
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(newPort, writes, reads, tenant, faults, tokenLifetime);
    }

    public SandboxSettings withWrites(BucketLimit bucket) {
        return new SandboxSettings(port, bucket, reads, tenant, faults, tokenLifetime);
    }

    public SandboxSettings withReads(BucketLimit bucket) {
        return new SandboxSettings(port, writes, bucket, tenant, faults, tokenLifetime);
    }

    public SandboxSettings withTenant(BucketLimit bucket) {
        return new SandboxSettings(port, writes, reads, bucket, faults, tokenLifetime);
    }

    public SandboxSettings withFaults(Faults newFaults) {
        return new SandboxSettings(port, writes, reads, tenant, newFaults, tokenLifetime);
    }

    public SandboxSettings withTokenLifetime(Duration lifetime) {
        return new SandboxSettings(port, writes, reads, tenant, faults, lifetime);
    }
}
