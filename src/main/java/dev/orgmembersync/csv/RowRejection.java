package dev.orgmembersync.csv;

/** Why a row is not a membership we can add: the file, line and field, in words a person understands. */
public record RowRejection(String file, long line, String field, String reason) {

    /** The report's detail text, e.g. {@code user_id: must be <connection>|<id>, got 'bob'}. */
    public String detail() {
        return field == null ? reason : field + ": " + reason;
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + detail();
    }
}
