package dev.orgmembersync.sandbox;

/**
 * Snapshot of the request counters of a sandbox tenant (control endpoints under {@code /sandbox/} are not counted).
 *
 * @param totalRequests        all requests to {@code /oauth/token} and {@code /api/v2/**}
 * @param tokenRequests        {@code POST /oauth/token}
 * @param membersGetRequests   {@code GET /api/v2/organizations/{id}/members}
 * @param membersPostRequests  {@code POST /api/v2/organizations/{id}/members}
 * @param orgByNameRequests    {@code GET /api/v2/organizations/name/{name}}
 * @param tooManyRequests      429 responses sent
 * @param serverErrorsInjected 503 responses injected by {@link Faults#serverErrorRate()}
 * @param connectionsDropped   connections closed without a response by {@link Faults#dropAfterApplyRate()}
 * @param unauthorized         401 responses sent (token endpoint and API)
 */
public record SandboxStats(long totalRequests, long tokenRequests, long membersGetRequests,
                           long membersPostRequests, long orgByNameRequests, long tooManyRequests,
                           long serverErrorsInjected, long connectionsDropped, long unauthorized) {
}
