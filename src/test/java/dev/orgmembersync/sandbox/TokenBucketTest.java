package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void startsFullAndRefillsContinuously() {
        TokenBucket bucket = new TokenBucket(BucketLimit.perSecond(2, 3), nanos::get);
        assertThat(bucket.tryTake().remaining()).isEqualTo(2);
        assertThat(bucket.tryTake().remaining()).isEqualTo(1);
        TokenBucket.State last = bucket.tryTake();
        assertThat(last.granted()).isTrue();
        assertThat(last.remaining()).isZero();
        assertThat(last.secondsUntilNextToken()).isEqualTo(0.5);
        assertThat(bucket.tryTake().granted()).isFalse();

        nanos.addAndGet(250_000_000L); // +0.5 token
        TokenBucket.State waiting = bucket.tryTake();
        assertThat(waiting.granted()).isFalse();
        assertThat(waiting.secondsUntilNextToken()).isEqualTo(0.25);
        nanos.addAndGet(250_000_000L);
        assertThat(bucket.tryTake().granted()).isTrue();

        nanos.addAndGet(60_000_000_000L);
        TokenBucket.State refilled = bucket.tryTake();
        assertThat(refilled.remaining()).as("capped at capacity").isEqualTo(2);
        assertThat(refilled.limit()).isEqualTo(3);
    }

    @Test
    void perMinuteBucketRefillsSlowly() {
        TokenBucket bucket = new TokenBucket(BucketLimit.perMinute(200, 20), nanos::get);
        for (int i = 0; i < 20; i++) {
            assertThat(bucket.tryTake().granted()).isTrue();
        }
        TokenBucket.State empty = bucket.tryTake();
        assertThat(empty.granted()).isFalse();
        assertThat(empty.secondsUntilNextToken()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        nanos.addAndGet(300_000_000L);
        assertThat(bucket.tryTake().granted()).isTrue();
    }

    @Test
    void resetHeaderIsTheEpochSecondOfTheNextToken() {
        TokenBucket.State state = new TokenBucket.State(false, 3, 0, 2.2);
        RateLimits limits = new RateLimits(SandboxSettings.unlimited(), nanos::get, () -> 1_700_000_000_500L);
        com.sun.net.httpserver.Headers headers = new com.sun.net.httpserver.Headers();
        limits.writeHeaders(new RateLimits.Admission(false, state, "x"), headers);
        assertThat(headers.getFirst("x-ratelimit-reset")).isEqualTo("1700000003"); // ceil(1700000000.5 + 2.2)
        assertThat(headers.getFirst("x-ratelimit-limit")).isEqualTo("3");
        assertThat(headers.getFirst("x-ratelimit-remaining")).isEqualTo("0");
    }
}
