package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With no rate option the job finds a bucket's pace from Auth0's answers and the next night starts there; an explicit
 * option stays the cap. The tenant here has 15 times Auth0's documented member-write bucket.
 */
@ExtendWith(OutputCaptureExtension.class)
class LearnedPacingIntegrationTest {

    private static final Pattern NEXT_RUN = Pattern.compile("the next run on \\S+ starts at .*member-writes ([\\d,]+)/min");
    private static final Pattern STARTING = Pattern.compile("starting at the pace earlier runs found on \\S+: .*member-writes ([\\d,]+)/min");

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;

    @Test
    void shouldStartTheNextRunAtThePaceTheLastOneFoundAndKeepAnExplicitOptionAsTheCap(CapturedOutput output) {
        // given a tenant whose member-write bucket holds 100 and refills 3,000 a minute
        run = new SyncRunFixture(dir, SandboxSettings.unlimited().withWrites(BucketLimit.perMinute(3000, 100)),
                SyncRunFixture.seed(600, 0));
        // when a first night adds 250 members (25 writes) with no rate option
        int first = run.run(run.csv("night1.csv", users(1, 250).stream().map(id -> ACME + "," + id).toList()));
        // then the bucket stayed full, so the pace grew above Auth0's documented 200/min, and was recorded
        assertThat(first).isZero();
        double learned = last(NEXT_RUN, output.getOut());
        assertThat(learned).isGreaterThan(300);
        assertThat(run.sandbox().stats().tooManyRequests()).isZero();
        // and the summary says what was seen
        assertThat(bucketOf(run.summary().path("actual"), "member_writes").path("perMinuteAtEnd").asLong())
                .isEqualTo(Math.round(learned));

        // when the second night's file is first tried as a dry run, then run
        Path night2 = run.csv("night2.csv", users(251, 500).stream().map(id -> ACME + "," + id).toList());
        assertThat(run.run(night2, "--sync.dry-run=true")).isZero();
        long dryRunPlan = planPerMinute(run.summary());
        int second = run.run(night2);
        // then both start at that pace: the log says so and both plans are made at it
        assertThat(second).isZero();
        assertThat(last(STARTING, output.getOut())).isEqualTo(learned);
        assertThat(planPerMinute(run.summary())).isEqualTo(Math.round(learned)).isEqualTo(dryRunPlan);

        // when a third night sets the write rate itself
        int third = run.run(run.csv("night3.csv", users(501, 600).stream().map(id -> ACME + "," + id).toList()),
                "--sync.rate-limit.writes.per-minute=150");
        // then the option caps the learned pace
        assertThat(third).isZero();
        assertThat(last(STARTING, output.getOut())).isEqualTo(150);
        assertThat(planPerMinute(run.summary())).isEqualTo(150);
    }

    private static double last(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        assertThat(found).as("a line matching " + pattern).isNotNull();
        return Double.parseDouble(found.replace(",", ""));
    }

    private static long planPerMinute(JsonNode summary) {
        return Math.round(bucketOf(summary.path("plan"), "member_writes").path("perMinute").asDouble());
    }

    private static JsonNode bucketOf(JsonNode planOrActual, String name) {
        for (JsonNode bucket : planOrActual.path("buckets")) {
            if (bucket.path("bucket").asString().equals(name)) {
                return bucket;
            }
        }
        throw new AssertionError("no " + name + " in " + planOrActual);
    }
}
