package dev.orgmembersync.auth0;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.OptionalLong;

/** One HTTP answer, as read off the wire. */
record ApiResponse(int status, HttpHeaders headers, String body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    boolean isThrottled() {
        return status == 429;
    }

    /** 5xx and 408 are worth another try; 4xx are answers about the request itself. */
    boolean isTransient() {
        return status >= 500 || status == 408;
    }

    /** {@code x-ratelimit-reset}: UNIX epoch seconds when tokens are next added (HttpHeaders is case-insensitive). */
    Instant rateLimitReset() {
        OptionalLong reset = longHeader("x-ratelimit-reset");
        return reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : null;
    }

    OptionalLong rateLimitRemaining() {
        return longHeader("x-ratelimit-remaining");
    }

    /** {@code x-ratelimit-limit}: how many calls the bucket holds when full. */
    OptionalLong rateLimitLimit() {
        return longHeader("x-ratelimit-limit");
    }

    /** {@code Retry-After} in seconds, if a proxy or the token endpoint sent one. */
    OptionalLong retryAfterSeconds() {
        return longHeader("retry-after");
    }

    private OptionalLong longHeader(String name) {
        try {
            return headers.firstValueAsLong(name);
        }
        catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }
}
