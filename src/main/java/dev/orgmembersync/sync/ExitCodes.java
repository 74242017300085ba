package dev.orgmembersync.sync;

/** The process exit codes: schedulers and scripts depend on them (README "Exit codes"). */
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

    private ExitCodes() {
    }
}
