package dev.orgmembersync.ledger;

/** Another process is running the same input (it holds the input's lock): exit code 3, nothing was done. */
public class AlreadyRunningException extends RuntimeException {

    AlreadyRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
