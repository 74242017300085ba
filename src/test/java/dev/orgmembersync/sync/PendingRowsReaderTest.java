package dev.orgmembersync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.PendingRow;
import dev.orgmembersync.ledger.RowStatus;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

class PendingRowsReaderTest {

    private static final long RUN = 7;

    private Ledger ledger;
    private final List<LedgerEntry> staged = new ArrayList<>();

    @BeforeEach
    void stage() {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:pending-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        ledger = new Ledger(dataSource);
        ledger.createTable(RUN);
        // org_big: 2,500 rows (several pages), users in no particular order, every 7th already a member;
        // org_done: nothing pending; org_small: 3 rows, one user listed twice (both rows must be read)
        Random random = new Random(42);
        long line = 2;
        for (int i = 0; i < 2500; i++) {
            staged.add(new LedgerEntry(line++, "org_big", null, "auth0|u" + random.nextInt(1_000_000_000),
                    i % 7 == 0 ? RowStatus.ALREADY_MEMBER : RowStatus.PENDING, null));
            if (i % 500 == 0) {
                staged.add(new LedgerEntry(line++, "org_done", null, "auth0|d" + i, RowStatus.ALREADY_MEMBER, null));
            }
        }
        staged.add(new LedgerEntry(line++, "org_small", null, "auth0|b", RowStatus.PENDING, null));
        staged.add(new LedgerEntry(line++, "org_small", null, "auth0|a", RowStatus.PENDING, null));
        staged.add(new LedgerEntry(line++, "org_small", null, "auth0|a", RowStatus.PENDING, null));
        staged.add(new LedgerEntry(line, null, null, "not a user", RowStatus.INVALID, "bad"));
        ledger.insert(RUN, staged);
        ledger.createIndexes(RUN);
    }

    @Test
    void shouldReadEveryPendingRowOnceGroupedByOrganization() {
        // when
        List<PendingRow> read = readAll(new PendingRowsReader(ledger, RUN, 0, everyOrganization()), Integer.MAX_VALUE);

        // then
        assertThat(read).extracting(PendingRow::line).containsExactlyElementsOf(expectedPendingLines());
        assertThat(read).extracting(PendingRow::organizationId).containsOnly("org_big", "org_small");
    }

    @Test
    void shouldStayAtTheEndOnceItHasReturnedNull() {
        // given a reader that has returned every row (all still PENDING: the last chunk is not written yet)
        PendingRowsReader reader = new PendingRowsReader(ledger, RUN, 0, everyOrganization());
        readAll(reader, Integer.MAX_VALUE);

        // when the step asks again, then
        assertThat(reader.read()).isNull();
    }

    @Test
    void shouldNeitherSkipNorRepeatRowsWhenEarlierRowsLeavePendingWhileReading() {
        // given a reader half-way through the big organization
        PendingRowsReader reader = new PendingRowsReader(ledger, RUN, 0, everyOrganization());
        List<PendingRow> read = readAll(reader, 1500);

        // when the rows read so far are sent (as the add step's writer does between chunks)
        read.forEach(entry -> ledger.markLines(RUN, List.of(entry.line()), RowStatus.PENDING, RowStatus.SENT, "sent"));
        read.addAll(readAll(reader, Integer.MAX_VALUE));

        // then
        assertThat(read).extracting(PendingRow::line).containsExactlyElementsOf(expectedPendingLines());
    }

    @Test
    void shouldStartOverFromTheRowsStillPendingAfterARestart() {
        // given rows read and sent by a run that then stopped
        List<PendingRow> first = readAll(new PendingRowsReader(ledger, RUN, 0, everyOrganization()), 1200);
        first.forEach(entry -> ledger.markLines(RUN, List.of(entry.line()), RowStatus.PENDING, RowStatus.SENT, "sent"));

        // when a new reader (the restarted step) reads
        List<PendingRow> rest = readAll(new PendingRowsReader(ledger, RUN, 0, everyOrganization()), Integer.MAX_VALUE);

        // then it returns exactly the rest
        List<Long> expected = expectedPendingLines();
        assertThat(rest).extracting(PendingRow::line).containsExactlyElementsOf(expected.subList(1200, expected.size()));
    }

    @Test
    void shouldFlagTheRowsWhoseUserWasUnknownInThePreviousRunWhenGivenThePreviousRun() {
        // given a previous run in which org_small's auth0|a (and org_big's first user elsewhere) was UNKNOWN_USER
        long previous = RUN - 1;
        ledger.createTable(previous);
        String bigUser = staged.get(1).userId();
        ledger.insert(previous, List.of(new LedgerEntry(2, "org_small", null, "auth0|a", RowStatus.UNKNOWN_USER, "no"),
                new LedgerEntry(3, "org_small", null, "auth0|b", RowStatus.ADDED, null),
                new LedgerEntry(4, "org_other", null, bigUser, RowStatus.UNKNOWN_USER, "no")));
        ledger.createIndexes(previous);

        // when
        List<PendingRow> read = readAll(new PendingRowsReader(ledger, RUN, previous, everyOrganization()), Integer.MAX_VALUE);

        // then only org_small's two rows of auth0|a are flagged (the same user in another organization is not)
        assertThat(read).filteredOn(PendingRow::rejectedBefore).extracting(PendingRow::organizationId, PendingRow::userId)
                .containsExactly(tuple("org_small", "auth0|a"), tuple("org_small", "auth0|a"));
    }

    @Test
    void shouldReturnNullWithoutEndingWhenNoOrganizationIsReadyAndTellWhichOnesWereReadOut() {
        // given organizations that become ready one at a time, as the snapshot lists them
        Deque<String> ready = new ArrayDeque<>(List.of("org_small"));
        boolean[] snapshotEnded = { false };
        PendingRowsReader reader = new PendingRowsReader(ledger, RUN, 0,
                wait -> ready.isEmpty() && wait && !snapshotEnded[0] ? fail("would wait forever") : ready.poll());
        reader.waitForOrganizations(false);

        // when the reader reads what is ready, then asks again with nothing ready
        List<PendingRow> first = readAll(reader, Integer.MAX_VALUE);

        // then it returned org_small's rows, has not ended, and says org_small was read out
        assertThat(first).extracting(PendingRow::organizationId).containsOnly("org_small").hasSize(3);
        assertThat(reader.exhausted()).isFalse();
        assertThat(reader.takeFinished()).containsExactly("org_small");

        // when org_big becomes ready and then the snapshot ends
        ready.add("org_big");
        reader.waitForOrganizations(true);
        List<PendingRow> rest = new ArrayList<>();
        PendingRow row;
        while ((row = reader.read()) != null) {
            rest.add(row);
            snapshotEnded[0] = true;
        }

        // then it read org_big's rows and ended
        assertThat(rest).extracting(PendingRow::organizationId).containsOnly("org_big");
        assertThat(first.size() + rest.size()).isEqualTo(expectedPendingLines().size());
        assertThat(reader.exhausted()).isTrue();
        assertThat(reader.takeFinished()).containsExactly("org_big");
    }

    /** The organizations of the ledger in id order, then the end (as from a snapshot that has ended). */
    private static PendingRowsReader.Organizations everyOrganization() {
        Deque<String> organizations = new ArrayDeque<>(List.of("org_big", "org_done", "org_small"));
        return wait -> organizations.poll();
    }

    private List<Long> expectedPendingLines() {
        return staged.stream().filter(entry -> entry.status() == RowStatus.PENDING)
                .sorted(Comparator.comparing(LedgerEntry::organizationId).thenComparing(LedgerEntry::userId)
                        .thenComparingLong(LedgerEntry::line))
                .map(LedgerEntry::line).toList();
    }

    private static List<PendingRow> readAll(PendingRowsReader reader, int max) {
        List<PendingRow> read = new ArrayList<>();
        PendingRow entry;
        while (read.size() < max && (entry = reader.read()) != null) {
            read.add(entry);
        }
        return read;
    }
}
