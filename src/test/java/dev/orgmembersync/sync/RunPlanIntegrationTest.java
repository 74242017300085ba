package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The forecast: logged once the snapshot has listed every organization (the adds run beside the snapshot, so the
 * first organizations' writes may have begun), in summary.json beside what happened, and on the page.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunPlanIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    /**
     * ACME holds users 1-5 and gets 6-25 plus an unknown id (21 rows: 3 POSTs), GLOBEX is empty and gets 1-12 (2 POSTs).
     * Member reads: the snapshot lists 5 members (a page, then Auth0's empty page) and none (one page): 3; verify
     * lists 26 and 12 members: 2 + 2.
     */
    private Path input() {
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(30, 5));
        List<String> rows = new ArrayList<>();
        users(6, 25).forEach(id -> rows.add(ACME + "," + id));
        rows.add(ACME + ",auth0|nobody");
        users(1, 12).forEach(id -> rows.add(GLOBEX + "," + id));
        return fixture.csv("planned.csv", rows);
    }

    @Test
    void shouldLogPlanWhenTheSnapshotEndsAndReportItBesideWhatHappened(CapturedOutput output) throws IOException {
        // given
        Path input = input();
        // when
        int exit = fixture.run(input);
        // then the plan is logged as the snapshot ends, whatever the adds running beside it have done by then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        String log = output.getOut();
        String line = "plan: 5 member writes, 7 member reads; about 2 s at 200 writes/min";
        assertThat(log).contains(line);
        assertThat(log.indexOf(line)).isLessThan(log.indexOf("phase snapshot done"));
        // and summary.json has it: 5 POSTs at 200/min (1.5 s) beside 3 + 4 reads at 500/min (0.8 s)
        JsonNode summary = fixture.summary();
        JsonNode plan = summary.path("plan");
        assertThat(plan.path("apiSeconds").asDouble()).isEqualTo(1.5);
        assertThat(bucket(plan, "member_writes").path("calls").asLong()).isEqualTo(5);
        assertThat(bucket(plan, "member_writes").path("perMinute").asDouble()).isEqualTo(200);
        assertThat(bucket(plan, "member_writes").path("seconds").asDouble()).isEqualTo(1.5);
        assertThat(bucket(plan, "member_reads").path("calls").asLong()).isEqualTo(7);
        assertThat(plan.path("buckets")).hasSize(2);
        // and what happened: the refused batch cost a search, a lookup and one resend
        JsonNode actual = summary.path("actual");
        assertThat(bucket(actual, "member_writes").path("calls").asLong()).isEqualTo(6);
        assertThat(bucket(actual, "member_reads").path("calls").asLong()).isEqualTo(7);
        assertThat(bucket(actual, "user_reads").path("calls").asLong()).isEqualTo(2);
        assertThat(actual.path("refusedBatchCalls").asLong()).isEqualTo(3);
        assertThat(actual.path("apiSeconds").asDouble()).isBetween(1.0, 30.0);
        // and the fields that were there before are unchanged
        assertThat(summary.path("api").path("calls").asLong()).isEqualTo(6 + 7 + 2);
        // and the page puts the same numbers side by side
        Document page = Jsoup.parse(fixture.reportDir().resolve("report.html").toFile(), "UTF-8");
        assertThat(page.getElementById("plan-api-seconds").text())
                .isEqualTo(String.format(Locale.ROOT, "%.1f s", plan.path("apiSeconds").asDouble()));
        assertThat(page.getElementById("actual-api-seconds").text())
                .isEqualTo(String.format(Locale.ROOT, "%.1f s", actual.path("apiSeconds").asDouble()));
        assertThat(page.getElementById("refused-batch-calls").text()).isEqualTo("3");
        Element writes = page.selectFirst("#plan tr[data-bucket=member_writes]");
        assertThat(writes.selectFirst(".planned-calls").text()).isEqualTo("5");
        assertThat(writes.selectFirst(".pace").text()).isEqualTo("200.0/min");
        assertThat(writes.selectFirst(".planned-seconds").text()).isEqualTo("1.5 s");
        assertThat(writes.selectFirst(".actual-calls").text()).isEqualTo("6");
        Element userReads = page.selectFirst("#plan tr[data-bucket=user_reads]");
        assertThat(userReads.selectFirst(".planned-calls").text()).isEqualTo("0");
        assertThat(userReads.selectFirst(".actual-calls").text()).isEqualTo("2");
    }

    @Test
    void shouldPlanInDryRunWhatTheRealRunPlans(CapturedOutput output) {
        // given
        Path input = input();
        // when the same input runs dry, then for real
        int dry = fixture.run(input, "--sync.dry-run=true");
        JsonNode dryPlan = fixture.summary().path("plan");
        int real = fixture.run(input);
        JsonNode realPlan = fixture.summary().path("plan");
        // then
        assertThat(dry).isZero();
        assertThat(real).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(dryPlan.isObject()).isTrue();
        assertThat(dryPlan).isEqualTo(realPlan);
        assertThat(output.getOut().split("plan: 5 member writes", -1)).hasSize(3);
        assertThat(fixture.sandbox().members(ACME)).contains(user(25));
    }

    private static JsonNode bucket(JsonNode node, String name) {
        for (JsonNode bucket : node.path("buckets")) {
            if (bucket.path("bucket").asString().equals(name)) {
                return bucket;
            }
        }
        throw new AssertionError("no bucket " + name + " in " + node);
    }
}
