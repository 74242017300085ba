package dev.orgmembersync.cli;

import java.sql.SQLException;
import java.util.stream.Collectors;

import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;

import dev.orgmembersync.auth0.TenantUnavailableException;
import dev.orgmembersync.sync.ExitCodes;
import dev.orgmembersync.sync.SyncCommand;

/** Turns whatever stopped the run into one clear line on stderr and an exit code; a stack trace only with --debug. */
public final class FailureReport {

    private FailureReport() {
    }

    public static int print(Throwable failure, boolean debug) {
        System.err.println("org-member-sync: " + oneLine(message(failure)));
        if (debug) {
            failure.printStackTrace();
        }
        else if (causedBy(failure, TenantUnavailableException.class)) {
            System.err.println("org-member-sync: the run did not finish; run the same command again to resume"
                    + " (add --debug for details)");
        }
        else if (causedBy(failure, SyncCommand.JobFailedException.class)) {
            System.err.println("org-member-sync: the run did not finish; fix the cause above and run again: it resumes"
                    + " where it stopped (add --debug for details)");
        }
        return ExitCodes.forFailure(failure);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific message in the cause chain: ours, or the property that failed validation. */
    static String message(Throwable failure) {
        Throwable deepest = failure;
        Throwable ours = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException validation) {
                return "invalid configuration: " + validation.getValidationErrors().getAllErrors().stream()
                        .map(error -> error instanceof FieldError field
                                ? field.getObjectName() + "." + field.getField() + " " + error.getDefaultMessage()
                                : error.getDefaultMessage())
                        .collect(Collectors.joining("; "));
            }
            if (t instanceof BindException bind && bind.getCause() != null
                    && !(bind.getCause() instanceof BindValidationException)) {
                return "invalid configuration: " + bind.getProperty().getName() + " = '" + safeValue(bind) + "': "
                        + rootMessage(bind.getCause());
            }
            if (ExitCodes.isH2FileInUse(t)) {
                return "already running: another org-member-sync process is using the job database (the H2 file"
                        + " is locked); wait for it to finish";
            }
            if (t instanceof JobExecutionAlreadyRunningException) {
                return "already running: the job database shows a run of this input still in progress; wait for the"
                        + " other org-member-sync process to finish, then run the same command again";
            }
            if (t.getClass().getName().startsWith("dev.orgmembersync") && !(t instanceof SyncCommand.JobFailedException)) {
                ours = t;
            }
            deepest = t;
        }
        if (ours != null) {
            return ours.getMessage();
        }
        return unexpected(failure);
    }

    /**
     * A failure none of our messages explains: a plain sentence, never a framework's class name or text
     * (they mean nothing to the user and may run to a thousand characters); --debug shows them.
     */
    private static String unexpected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return "the job database failed" + (sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")"
                        : "") + "; check spring.datasource.url and that the database is reachable, then run the same"
                        + " command again (add --debug for the details)";
            }
        }
        return "the run stopped on an unexpected error; run the same command again with --debug to see the details";
    }

    /** Keeps the message to the one line schedulers show. */
    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }

    private static String safeValue(BindException bind) {
        String name = bind.getProperty().getName().toString();
        return name.contains("secret") || name.contains("token") || name.contains("password") ? "****"
                : String.valueOf(bind.getProperty().getValue());
    }

    /** Why a value could not be converted: Spring's own words (they name the value), but not the JDK's "For input string". */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof NumberFormatException ? "not a whole number" : root.getMessage();
    }
}
