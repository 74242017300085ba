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
 * @param usersByEmailRequests {@code GET /api/v2/users-by-email}
 * @param exportPostRequests   {@code POST /api/v2/jobs/users-exports}
 * @param jobGetRequests       {@code GET /api/v2/jobs/{id}}
 * @param exportDownloads      requests to an export's signed link (not counted in {@code totalRequests})
 * @param exportDownloadsWithAuthorization those that carried an Authorization header (refused, as S3 does)
 * @param exportDownloadsRefused those refused for an expired or forged link
 * @param invitationsGetRequests {@code GET /api/v2/organizations/{id}/invitations}
 * @param invitationsPostRequests {@code POST /api/v2/organizations/{id}/invitations}
 * @param userSearchRequests   {@code GET /api/v2/users} (user search)
 * @param userGetRequests      {@code GET /api/v2/users/{id}}
 */
public record SandboxStats(long totalRequests, long tokenRequests, long membersGetRequests,
                           long membersPostRequests, long orgByNameRequests, long tooManyRequests,
                           long serverErrorsInjected, long connectionsDropped, long unauthorized,
                           long usersByEmailRequests, long exportPostRequests, long jobGetRequests,
                           long exportDownloads, long exportDownloadsWithAuthorization, long exportDownloadsRefused,
                           long invitationsGetRequests, long invitationsPostRequests,
                           long userSearchRequests, long userGetRequests) {
}
