package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.Headers;
import java.util.function.LongSupplier;

/**
 * The three buckets of the sandbox: the tenant-wide one is checked first (a rejection there does not touch the
 * endpoint bucket), then the endpoint's own bucket. Disabled buckets are skipped.
 */
final class RateLimits {

    static final String GLOBAL_LIMIT_MESSAGE = "Global limit has been reached";
    static final String ENDPOINT_LIMIT_MESSAGE =
            "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.";

    /**
     * Result of admitting one request.
     *
     * @param granted  whether the request may proceed
     * @param headers  bucket state reported in the x-ratelimit-* headers, null when no bucket applies
     * @param message  429 message when not granted
     */
    record Admission(boolean granted, TokenBucket.State headers, String message) {
    }

    private final TokenBucket tenant;
    private final TokenBucket writes;
    private final TokenBucket reads;
    private final LongSupplier epochMillis;

    RateLimits(SandboxSettings settings, LongSupplier nanoTime, LongSupplier epochMillis) {
        this.tenant = bucket(settings.tenant(), nanoTime);
        this.writes = bucket(settings.writes(), nanoTime);
        this.reads = bucket(settings.reads(), nanoTime);
        this.epochMillis = epochMillis;
    }

    Admission admit(EndpointKind kind) {
        TokenBucket.State tenantState = null;
        if (tenant != null) {
            tenantState = tenant.tryTake();
            if (!tenantState.granted()) {
                return new Admission(false, tenantState, GLOBAL_LIMIT_MESSAGE);
            }
        }
        // User reads, users by email, export jobs and invitations: no bucket of their own on most plans, only the
        // tenant's here.
        TokenBucket endpoint = switch (kind) {
            case MEMBERS_POST, MEMBERS_DELETE -> writes;
            case MEMBERS_GET, ORG_BY_NAME, TOKEN -> reads;
            case USERS_BY_EMAIL, USER_GET, EXPORT_POST, JOB_GET, INVITATIONS_GET, INVITATIONS_POST, USERS_SEARCH,
                    ROLES_GET, MEMBER_ROLES_POST, MEMBER_ROLES_DELETE -> null;
        };
        if (endpoint == null) {
            return new Admission(true, tenantState, null);
        }
        TokenBucket.State state = endpoint.tryTake();
        return new Admission(state.granted(), state, state.granted() ? null : ENDPOINT_LIMIT_MESSAGE);
    }

    /**
     * Outside traffic (the tenant's other applications) takes up to {@code tokens} from the member-writes bucket,
     * or from the member-reads or tenant-wide one; returns how many it got (0 when that bucket is off).
     */
    int drain(String bucket, int tokens) {
        TokenBucket drained = switch (bucket) {
            case "writes" -> writes;
            case "reads" -> reads;
            case "tenant" -> tenant;
            default -> throw new IllegalArgumentException("no bucket '" + bucket + "' (writes, reads or tenant)");
        };
        int taken = 0;
        while (drained != null && taken < tokens && drained.tryTake().granted()) {
            taken++;
        }
        return taken;
    }

    /** Writes x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset (epoch seconds of the next token). */
    void writeHeaders(Admission admission, Headers headers) {
        TokenBucket.State state = admission.headers();
        if (state == null) {
            return;
        }
        long resetMillis = epochMillis.getAsLong() + (long) Math.ceil(state.secondsUntilNextToken() * 1000);
        long resetSeconds = Math.floorDiv(resetMillis + 999, 1000);
        headers.set("x-ratelimit-limit", Integer.toString(state.limit()));
        headers.set("x-ratelimit-remaining", Integer.toString(state.remaining()));
        headers.set("x-ratelimit-reset", Long.toString(resetSeconds));
    }

    private static TokenBucket bucket(BucketLimit config, LongSupplier nanoTime) {
        return config.enabled() ? new TokenBucket(config, nanoTime) : null;
    }
}
