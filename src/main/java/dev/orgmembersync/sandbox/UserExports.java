package dev.orgmembersync.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * User export jobs as Auth0 runs them: {@code pending} for a configurable delay, then {@code completed} with a
 * {@code location} that is a signed link to {@code /exports/{id}.json.gz} valid for a configurable time (Auth0: 60 s).
 * Each read of a completed job signs a fresh link.
 */
final class UserExports {

    static final String DOWNLOAD_PREFIX = "/exports/";

    /** A requested field and the name it is exported as. */
    record Field(String name, String exportAs) {
        String key() {
            return exportAs == null || exportAs.isEmpty() ? name : exportAs;
        }
    }

    private record Job(String id, long createdMillis, List<Field> fields) {
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final byte[] key = new byte[32];
    private final LongSupplier epochMillis;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration linkLifetime = Duration.ofSeconds(60);

    UserExports(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
        new SecureRandom().nextBytes(key);
    }

    void delay(Duration newDelay) {
        delay = newDelay;
    }

    void linkLifetime(Duration lifetime) {
        linkLifetime = lifetime;
    }

    /** {@code POST /api/v2/jobs/users-exports}: Auth0's 200 answer. */
    Map<String, Object> create(List<Field> fields) {
        Job job = new Job(String.format("job_%016d", sequence.incrementAndGet()), epochMillis.getAsLong(), fields);
        jobs.put(job.id(), job);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "users_export");
        body.put("status", "pending");
        body.put("format", "json");
        body.put("fields", fields.stream().map(UserExports::fieldBody).toList());
        body.put("created_at", Instant.ofEpochMilli(job.createdMillis()).toString());
        body.put("id", job.id());
        return body;
    }

    /** {@code GET /api/v2/jobs/{id}}; a completed job gets a freshly signed link on {@code base}. */
    Map<String, Object> read(String id, URI base) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new ErrorAnswer(404, "Job not found.", "inexistent_job");
        }
        long now = epochMillis.getAsLong();
        boolean completed = now - job.createdMillis() >= delay.toMillis();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "users_export");
        body.put("status", completed ? "completed" : "pending");
        body.put("format", "json");
        body.put("created_at", Instant.ofEpochMilli(job.createdMillis()).toString());
        body.put("id", job.id());
        if (completed) {
            long expires = (now + linkLifetime.toMillis()) / 1000;
            body.put("location", base + DOWNLOAD_PREFIX + job.id() + ".json.gz?expires=" + expires + "&signature="
                    + sign(job.id(), expires));
        }
        else {
            body.put("percentage_done", 0);
            body.put("time_left_seconds", Math.max(1, (job.createdMillis() + delay.toMillis() - now) / 1000));
        }
        return body;
    }

    /** The fields of a job whose link is genuine and unexpired; otherwise the reason for refusing it. */
    Optional<List<Field>> fieldsFor(String id, String expires, String signature, StringBuilder refusal) {
        Job job = jobs.get(id);
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        }
        catch (NumberFormatException | NullPointerException e) {
            refusal.append("Query-string authentication requires the expires and signature parameters");
            return Optional.empty();
        }
        if (job == null || signature == null || !MessageDigest.isEqual(sign(id, expiry).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            refusal.append("The request signature we calculated does not match the signature you provided.");
            return Optional.empty();
        }
        if (epochMillis.getAsLong() / 1000 > expiry) {
            refusal.append("Request has expired");
            return Optional.empty();
        }
        return Optional.of(job.fields());
    }

    private String sign(String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((id + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> fieldBody(Field field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", field.name());
        if (field.exportAs() != null) {
            body.put("export_as", field.exportAs());
        }
        return body;
    }
}
