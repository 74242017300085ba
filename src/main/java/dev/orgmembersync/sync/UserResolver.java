package dev.orgmembersync.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.auth0.UserAccount;
import dev.orgmembersync.ledger.EmailAccounts;
import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code resolveUsersStep}: rows that name their user by email get the user id of the one Auth0 account with that
 * email, looked up one email at a time ({@code users-by-email}, in parallel) or from a bulk user export; then the
 * repeated (organization, user) pairs this reveals become DUPLICATE. Each phase ends in a commit of the step's
 * ExecutionContext (the mode chosen, the export's job id, the download), so a restart resumes where it stopped.
 */
class UserResolver implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(UserResolver.class);

    static final String LOOKUP = "users.lookup";
    static final String RESOLVED = "users.resolved";
    static final String AMBIGUOUS = "users.ambiguous";
    static final String UNKNOWN = "users.unknown";
    static final String NONE = "none";
    static final String BY_EMAIL = "by-email";
    static final String EXPORT = "export";

    private final Ledger ledger;
    private final EmailAccounts accounts;
    private final UserApi api;
    private final UsersExport export;
    private final ParallelCalls parallel;
    private final SyncProperties.Users settings;

    UserResolver(Ledger ledger, EmailAccounts accounts, UserApi api, UsersExport export, ParallelCalls parallel,
            SyncProperties.Users settings) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.api = api;
        this.export = export;
        this.parallel = parallel;
        this.settings = settings;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = contribution.getStepExecution();
        long runId = RunIds.of(step);
        ExecutionContext context = step.getExecutionContext();
        if (!context.containsKey(LOOKUP)) {
            // Committed before any lookup: on PostgreSQL, DDL left open in this transaction would lock out the
            // parallel workers' inserts into the table while this thread waits for them.
            accounts.createTable(runId);
            context.putString(LOOKUP, choose(accounts.unresolvedEmails(runId).size()));
            return RepeatStatus.CONTINUABLE;
        }
        String lookup = context.getString(LOOKUP);
        if (lookup.equals(EXPORT) && !UsersExport.isDownloaded(context)) {
            if (!export.start(context)) {
                export.pollOrDownload(runId, context, step.getStartTime());
            }
            return RepeatStatus.CONTINUABLE;
        }
        if (lookup.equals(BY_EMAIL)) {
            lookUpOneByOne(runId);
        }
        resolve(runId, context);
        return RepeatStatus.FINISHED;
    }

    private String choose(int emails) {
        String lookup = switch (settings.lookup()) {
            case BY_EMAIL -> BY_EMAIL;
            case EXPORT -> EXPORT;
            case AUTO -> emails <= settings.exportThreshold() ? BY_EMAIL : EXPORT;
        };
        if (emails == 0) {
            return NONE;
        }
        log.info("{} distinct emails to resolve: {} (sync.users.lookup={}, export-threshold={})", emails,
                lookup.equals(EXPORT) ? "one user export" : "one users-by-email call each",
                settings.lookup().name().toLowerCase(Locale.ROOT).replace('_', '-'), settings.exportThreshold());
        return lookup;
    }

    /**
     * One call per email, lower-cased: Auth0's search is exact and case-sensitive, and database users are stored
     * lower-case. A spelling of the input with capitals is asked as well, for an identity provider that sent the
     * email that way; the accounts of all spellings are recorded together.
     */
    private void lookUpOneByOne(long runId) {
        Map<String, Set<String>> emails = accounts.emailsToLookUp(runId);
        parallel.forEach(emails.entrySet(), email -> {
            Map<String, EmailAccounts.Account> found = new LinkedHashMap<>();
            for (String spelling : email.getValue()) {
                for (UserAccount account : api.usersByEmail(spelling)) {
                    found.putIfAbsent(account.userId(), account(email.getKey(), account));
                }
            }
            accounts.recordLookup(runId, email.getKey(), List.copyOf(found.values()));
        });
    }

    private static EmailAccounts.Account account(String email, UserAccount account) {
        return new EmailAccounts.Account(email, account.userId(), account.connection());
    }

    private void resolve(long runId, ExecutionContext context) {
        EmailAccounts.Resolution resolution = accounts.resolve(runId, settings.connectionFilter());
        context.putInt(RESOLVED, resolution.resolved());
        context.putInt(AMBIGUOUS, resolution.ambiguous());
        context.putInt(UNKNOWN, resolution.unknown());
        if (resolution.resolved() + resolution.ambiguous() + resolution.unknown() > 0) {
            log.info("Rows by email: {} resolved, {} ambiguous (AMBIGUOUS_USER), {} without an account (UNKNOWN_USER)",
                    resolution.resolved(), resolution.ambiguous(), resolution.unknown());
        }
        int duplicates = ledger.markDuplicates(runId);
        if (duplicates > 0) {
            log.info("{} rows by email name a user another row already names; they will not be sent twice", duplicates);
        }
    }
}
