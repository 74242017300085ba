package dev.orgmembersync.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.ExportDownload;
import dev.orgmembersync.auth0.ExportJob;
import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.auth0.TenantUnavailableException;
import dev.orgmembersync.ledger.EmailAccounts;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The export path of {@link UserResolver}, one phase per call so that each ends in a commit of the step's
 * ExecutionContext: start the job (its id saved), poll it (a restart polls the same job), download it into the run's
 * accounts table (a restart after that downloads nothing).
 */
class UsersExport {

    private static final Logger log = LoggerFactory.getLogger(UsersExport.class);

    static final String JOB = "users.export.job";
    static final String STARTED = "users.export.started";
    static final String POLLS = "users.export.polls";
    static final String EXPORTS = "users.export.count";
    static final String SECONDS = "users.export.seconds";
    /** Jobs Auth0 may fail before the run gives up. */
    private static final int MAX_EXPORTS = 3;
    /** Fresh links fetched for one download: each is valid about a minute. */
    private static final int MAX_DOWNLOADS = 3;
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(1);
    private static final int BATCH = 1000;

    private final UserApi api;
    private final ExportDownload download;
    private final EmailAccounts accounts;
    private final SyncProperties.Users settings;
    private final Clock clock;

    UsersExport(UserApi api, ExportDownload download, EmailAccounts accounts, SyncProperties.Users settings,
            Clock clock) {
        this.api = api;
        this.download = download;
        this.accounts = accounts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the accounts are in the table: the export was downloaded in this run or an earlier attempt. */
    static boolean isDownloaded(ExecutionContext context) {
        return context.containsKey(SECONDS);
    }

    /** Starts an export unless one is running; true when the caller should commit and call again. */
    boolean start(ExecutionContext context) {
        if (context.containsKey(JOB)) {
            return false;
        }
        int exports = context.getInt(EXPORTS, 0) + 1;
        if (exports > MAX_EXPORTS) {
            throw new TenantUnavailableException("Auth0 failed " + MAX_EXPORTS + " user exports in a row; try again"
                    + " later or use sync.users.lookup=by-email");
        }
        String job = api.startUsersExport();
        context.putString(JOB, job);
        context.putInt(EXPORTS, exports);
        context.putInt(POLLS, 0);
        if (!context.containsKey(STARTED)) {
            context.putLong(STARTED, clock.millis());
        }
        log.info("Started the user export {}", job);
        return true;
    }

    /**
     * Polls the job once, waiting first from the second poll on; when it is completed, downloads it. A failed job
     * is forgotten, so that the next call starts another.
     */
    void pollOrDownload(long runId, ExecutionContext context, LocalDateTime stepStart) {
        String jobId = context.getString(JOB);
        int polls = context.getInt(POLLS, 0);
        if (polls > 0) {
            if (Duration.between(stepStart, LocalDateTime.now()).compareTo(settings.exportTimeout()) > 0) {
                throw new TenantUnavailableException("the user export " + jobId + " did not complete within"
                        + " sync.users.export-timeout (" + settings.exportTimeout() + "); the next run goes on polling it");
            }
            pause(interval(polls));
        }
        context.putInt(POLLS, polls + 1);
        ExportJob job = api.exportJob(jobId);
        if (job.isFailed()) {
            log.warn("Auth0 reports the user export {} as failed; starting another", jobId);
            context.remove(JOB);
            return;
        }
        if (!job.isCompleted() || job.location() == null) {
            return;
        }
        downloadInto(runId, job);
        double seconds = (clock.millis() - context.getLong(STARTED)) / 1000.0;
        context.putDouble(SECONDS, Math.round(seconds * 10) / 10.0);
        log.info("User export {} downloaded after {} s", jobId, context.getDouble(SECONDS));
    }

    /** Keeps only the accounts of the input's emails; a failed download starts over with a fresh link. */
    private void downloadInto(long runId, ExportJob completed) {
        Set<String> wanted = Set.copyOf(accounts.unresolvedEmails(runId));
        ExportJob job = completed;
        for (int attempt = 1;; attempt++) {
            accounts.clear(runId);
            List<EmailAccounts.Account> batch = new ArrayList<>(BATCH);
            try {
                download.stream(job.location(), account -> {
                    String email = account.email().toLowerCase(Locale.ROOT);
                    if (wanted.contains(email)) {
                        batch.add(new EmailAccounts.Account(email, account.userId(), account.connection()));
                        if (batch.size() == BATCH) {
                            accounts.insert(runId, batch);
                            batch.clear();
                        }
                    }
                });
                accounts.insert(runId, batch);
                return;
            }
            catch (IOException ex) {
                if (attempt == MAX_DOWNLOADS) {
                    throw new TenantUnavailableException("the user export " + job.id() + " could not be downloaded: "
                            + ex.getMessage());
                }
                log.warn("Downloading the user export failed ({}); asking Auth0 for a fresh link", ex.getMessage());
                job = api.exportJob(job.id());
            }
        }
    }

    private Duration interval(int polls) {
        Duration interval = settings.exportPollInterval().multipliedBy(1L << Math.min(polls - 1, 10));
        return interval.compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : interval;
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the user export", ex);
        }
    }
}
