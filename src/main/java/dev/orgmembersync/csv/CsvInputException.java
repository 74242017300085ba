package dev.orgmembersync.csv;

/** The input file as a whole cannot be read (missing, no header, not UTF-8): one line for the user. */
public class CsvInputException extends RuntimeException {

    public CsvInputException(String message) {
        super(message);
    }

    public CsvInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
