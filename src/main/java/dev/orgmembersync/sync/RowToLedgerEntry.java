package dev.orgmembersync.sync;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.csv.MembershipRow;
import dev.orgmembersync.csv.RowRejection;
import dev.orgmembersync.csv.RowValidator;
import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Validates a CSV row into a ledger entry: PENDING, or INVALID with the field and reason. */
class RowToLedgerEntry implements ItemProcessor<MembershipRow, LedgerEntry> {

    private static final Logger log = LoggerFactory.getLogger(RowToLedgerEntry.class);
    /** Enough to see what is wrong; the report has every line. */
    private static final int LOGGED_REJECTIONS = 20;

    private final RowValidator validator;
    private int rejections;

    RowToLedgerEntry(RowValidator validator) {
        this.validator = validator;
    }

    @Override
    public LedgerEntry process(MembershipRow row) {
        Optional<RowRejection> rejection = validator.validate(row);
        if (rejection.isPresent()) {
            if (++rejections <= LOGGED_REJECTIONS) {
                log.warn("Invalid row {}", rejection.get());
            }
            else if (rejections == LOGGED_REJECTIONS + 1) {
                log.warn("More invalid rows: see reconciliation.csv for every one");
            }
            return new LedgerEntry(row.line(), row.organizationId(), row.organizationName(), row.userId(),
                    RowStatus.INVALID, rejection.get().detail(), row.email(), row.roles());
        }
        boolean byId = row.organizationId() != null && !row.organizationId().isEmpty();
        // A row by email waits with no user id until resolveUsersStep finds one.
        return new LedgerEntry(row.line(), byId ? row.organizationId() : null, row.organizationName(),
                row.hasUserId() ? row.userId() : null, RowStatus.PENDING, null, emptyToNull(row.email()), row.roles());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
