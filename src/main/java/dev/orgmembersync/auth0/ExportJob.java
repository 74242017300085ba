package dev.orgmembersync.auth0;

import java.net.URI;

/**
 * The state of a user export job ({@code GET /api/v2/jobs/{id}}).
 *
 * @param id the job id, {@code job_...}
 * @param status {@code pending}, {@code completed} or {@code failed} (Auth0 documents no other)
 * @param location the signed download URL once completed (valid about a minute), else null
 */
public record ExportJob(String id, String status, URI location) {

    public boolean isCompleted() {
        return "completed".equals(status);
    }

    public boolean isFailed() {
        return "failed".equals(status);
    }

    /** Without the link's query: its signature must not reach a log. */
    @Override
    public String toString() {
        return "ExportJob[id=" + id + ", status=" + status + ", location="
                + (location == null ? null : ExportDownload.withoutQuery(location)) + "]";
    }
}
