package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;

import dev.orgmembersync.ledger.PendingRow;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MemberBatchReaderTest {

    @Test
    void shouldSendRowsRejectedInThePreviousRunAloneAndFillTheOtherBatchesWithoutThemWhenBatching() throws Exception {
        // given 23 rows of org_a (users 3 and 15 rejected before) and 2 of org_b (the first rejected before)
        List<PendingRow> rows = new ArrayList<>();
        long line = 2;
        for (int i = 0; i < 23; i++) {
            rows.add(new PendingRow(line++, "org_a", "u" + i, i == 3 || i == 15));
        }
        rows.add(new PendingRow(line++, "org_b", "b0", true));
        rows.add(new PendingRow(line, "org_b", "b1", false));

        // when
        List<MemberBatch> batches = readAll(new MemberBatchReader(stream(rows)));

        // then
        assertThat(batches).extracting(MemberBatch::organizationId, MemberBatch::userIds).containsExactly(
                tuple("org_a", List.of("u0", "u1", "u2", "u4", "u5", "u6", "u7", "u8", "u9", "u10")),
                tuple("org_a", List.of("u3")),
                tuple("org_a", List.of("u11", "u12", "u13", "u14", "u16", "u17", "u18", "u19", "u20", "u21")),
                tuple("org_a", List.of("u15")),
                tuple("org_a", List.of("u22")),
                tuple("org_b", List.of("b0")),
                tuple("org_b", List.of("b1")));
    }

    private static List<MemberBatch> readAll(MemberBatchReader reader) throws Exception {
        List<MemberBatch> batches = new ArrayList<>();
        MemberBatch batch;
        while ((batch = reader.read()) != null) {
            batches.add(batch);
        }
        return batches;
    }

    private static ItemStreamReader<PendingRow> stream(List<PendingRow> rows) {
        ListItemReader<PendingRow> list = new ListItemReader<>(rows);
        return new ItemStreamReader<>() {
            @Override
            public PendingRow read() {
                return list.read();
            }

            @Override
            public void open(ExecutionContext executionContext) {
            }
        };
    }
}
