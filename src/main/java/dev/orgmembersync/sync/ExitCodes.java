package dev.orgmembersync.sync;

import java.sql.SQLException;

import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;

import dev.orgmembersync.ledger.AlreadyRunningException;
import dev.orgmembersync.report.RunSummary;

/**
 * The process exit codes and the one place that decides them: schedulers and scripts depend on them (README "Exit
 * codes"). A finished run's code follows from its status, a stopped run's from the type of what stopped it. Boot's
 * {@code ExitCodeExceptionMapper} beans are not used because a run can stop before there is a context to hold them
 * (invalid configuration, a locked job database), and the same codes must hold there.
 */
public final class ExitCodes {

    /** Every row ADDED, ALREADY_MEMBER, WOULD_ADD or DUPLICATE. */
    public static final int OK = 0;
    /** The job could not finish (configuration, authentication, tenant unreachable, crash); a rerun resumes. */
    public static final int FAILED = 1;
    /**
     * The job finished but some rows ended INVALID, UNKNOWN_*, AMBIGUOUS_USER, FAILED or MISSING, or (mirror mode)
     * some members REMOVAL_HELD, REMOVAL_UNCONFIRMED or FAILED: {@link dev.orgmembersync.ledger.RowStatus#isRejection}.
     */
    public static final int REJECTIONS = 2;
    /** Another process is running the same input (or holds the job database); nothing was done. */
    public static final int ALREADY_RUNNING = 3;

    /** {@code org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1}; H2 is only on the runtime class path. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private ExitCodes() {
    }

    /** The code of a run that finished with this summary status. */
    public static int forStatus(String runStatus) {
        return switch (runStatus) {
            case RunSummary.COMPLETED -> OK;
            case RunSummary.COMPLETED_WITH_REJECTIONS -> REJECTIONS;
            default -> FAILED;
        };
    }

    /** The code of a run that {@code failure} stopped: 3 when another process holds the input or the database. */
    public static int forFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AlreadyRunningException || t instanceof JobExecutionAlreadyRunningException
                    || isH2FileInUse(t)) {
                return ALREADY_RUNNING;
            }
        }
        return FAILED;
    }

    /** H2's error 90020 (DATABASE_ALREADY_OPEN_1): another process has the job database's file open. */
    public static boolean isH2FileInUse(Throwable t) {
        return t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
    }
}
