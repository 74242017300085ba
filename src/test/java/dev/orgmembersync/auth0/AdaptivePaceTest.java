package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How the pace of one bucket follows Auth0's answers (the limiter itself is Resilience4j's). */
class AdaptivePaceTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T03:00:00Z"));

    @Test
    void shouldGrowByAFifthOfTheBaseRatePerSecondWhileTheBucketStaysMoreThanHalfFull() {
        // given Auth0's documented 200 writes/min (3.33/s) and a bucket that stays full
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        // when a second's worth of answers (about one per call at the current pace) say 100 of 100 remain, 20 times
        for (int second = 0; second < 20; second++) {
            double perSecond = pace.perMinute() / 60;
            for (int call = 0; call < Math.round(perSecond); call++) {
                pace.answered(100, 100);
            }
        }
        // then the pace has grown by about 20 % of 200/min each second: some 5 times the base after 20 s
        assertThat(pace.perMinute()).isBetween(800.0, 1100.0);
    }

    @Test
    void shouldHoldThePaceWhileTheBucketIsBetweenAQuarterAndHalfFull() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        for (int i = 0; i < 50; i++) {
            pace.answered(40, 100);
        }
        assertThat(pace.perMinute()).isCloseTo(200, within(0.001));
    }

    @Test
    void shouldNeverGoAboveAnExplicitOption() {
        // given sync.rate-limit.writes.per-minute=300 and a bucket that stays full
        AdaptivePace pace = new AdaptivePace("member-writes", 300, true, clock);
        for (int i = 0; i < 500; i++) {
            pace.answered(100, 100);
        }
        assertThat(pace.perMinute()).isCloseTo(300, within(0.001));
        // and a learned pace above it starts the run at the option
        pace.resumeAt(900);
        assertThat(pace.perMinute()).isCloseTo(300, within(0.001));
    }

    @Test
    void shouldDriftBackToTheBaseWhenTheBucketRunsLowAboveIt() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        pace.resumeAt(600);
        for (int i = 0; i < 2_000; i++) {
            pace.answered(10, 100);
        }
        // then down to the documented rate, not below it: only 429s say the bucket is smaller than documented
        assertThat(pace.perMinute()).isCloseTo(200, within(0.001));
    }

    @Test
    void shouldCutByThirtyPercentOnA429AtMostOnceASecond() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        // when three 429s arrive in the same second (calls that were in flight together)
        pace.throttled();
        pace.throttled();
        pace.throttled();
        // then one cut
        assertThat(pace.perMinute()).isCloseTo(140, within(0.001));
        // and another a second later
        advance(Duration.ofSeconds(1));
        pace.throttled();
        assertThat(pace.perMinute()).isCloseTo(98, within(0.001));
    }

    @Test
    void shouldGrowBackToTheBaseButNoFurtherAfterA429WhileTheBucketHoldsLittle() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        pace.throttled();
        // when the bucket holds a few tokens again (less than half): back up to the documented rate, not above it
        for (int i = 0; i < 100; i++) {
            pace.answered(3, 20);
        }
        assertThat(pace.perMinute()).isCloseTo(200, within(0.001));
        // while an empty bucket does not make it grow
        pace.throttled();
        advance(Duration.ofSeconds(1));
        pace.throttled();
        double cut = pace.perMinute();
        pace.answered(0, 20);
        assertThat(pace.perMinute()).isCloseTo(cut, within(0.001));
    }

    @Test
    void shouldNotCutBelowATwentiethOfTheBase() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        for (int i = 0; i < 30; i++) {
            pace.throttled();
            advance(Duration.ofSeconds(1));
        }
        assertThat(pace.perMinute()).isCloseTo(10, within(0.001));
    }

    @Test
    void shouldOfferThePaceToRememberOnlyAfterTwentyAnswersWithHeaders() {
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        for (int i = 0; i < 19; i++) {
            pace.answered(100, 100);
        }
        assertThat(pace.learnedPerMinute()).isEmpty();
        pace.answered(100, 100);
        assertThat(pace.learnedPerMinute()).hasValueCloseTo(pace.perMinute(), within(0.001));
    }

    @Test
    void shouldSpaceItsPermitsAtThePaceItFound() throws Exception {
        // given a pace resumed at 600/min (one permit per 100 ms)
        AdaptivePace pace = new AdaptivePace("member-writes", 200, false, clock);
        pace.resumeAt(600);
        // when permits are taken as fast as they come
        long start = System.nanoTime();
        for (int taken = 0; taken < 11; taken++) {
            pace.acquire();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        // then 11 permits take about 10 periods (the first is free), not the 3 s of the 200/min start
        assertThat(elapsedMillis).isBetween(900L, 1_600L);
    }

    private void advance(Duration duration) {
        try {
            clock.sleeper().sleep(duration);
        }
        catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
    }
}
