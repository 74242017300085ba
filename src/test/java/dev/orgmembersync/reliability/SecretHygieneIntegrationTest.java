package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.CLIENT_SECRET;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With debug logging on, neither the client secret nor any access token ends up on the console, in the log
 * file, in the report or anywhere in the job database: on success, after a 401, and on the error paths.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneIntegrationTest {

    private static final String STATIC_TOKEN = "static-token-Qm9yaXMgdGhlIGF1ZGl0b3I";
    private static final String WRONG_SECRET = "wrong-secret-Z2l2ZSBtZSB5b3VyIGtleXM";
    private static final String REJECTED_TOKEN = "rejected-token-bm90IGEgcmVhbCB0b2tlbg";

    @TempDir
    Path dir;

    private SyncRunFixture run;
    private RecordingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (run != null) {
            run.close();
        }
    }

    private Path start(SyncRunFixture fixture, int members) throws IOException {
        run = fixture;
        proxy = RecordingProxy.http(run.sandbox().baseUrl());
        return run.csv("secrets.csv", users(1, members).stream().map(id -> ACME + "," + id).toList());
    }

    /** The run with debug logging everywhere, through the recording proxy; {@code extra} wins. */
    private int syncWithDebugLogging(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("--debug", "--logging.level.root=DEBUG",
                "--logging.file.name=" + logFile(), "--auth0.base-url=" + proxy.baseUrl()));
        args.addAll(List.of(extra));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input, args.toArray(String[]::new)));
    }

    private Path logFile() {
        return dir.resolve("app.log");
    }

    private RunTraces traces(CapturedOutput output) {
        RunTraces traces = RunTraces.collect(output.getOut(), output.getErr(), dir.resolve("db"), logFile(),
                run.reportDir());
        // the scan really covers debug output, the log file, the report and the job's tables
        assertThat(traces.placesContaining("DEBUG")).contains("stdout", "file " + logFile());
        assertThat(traces.places()).contains("file " + run.reportDir().resolve("summary.json"),
                "db PUBLIC.BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE",
                "db PUBLIC.BATCH_JOB_EXECUTION_CONTEXT.SHORT_CONTEXT",
                "db PUBLIC.BATCH_JOB_EXECUTION_CONTEXT.SERIALIZED_CONTEXT",
                "db PUBLIC.BATCH_STEP_EXECUTION_CONTEXT.SHORT_CONTEXT");
        assertThat(traces.text("db PUBLIC.BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE")).contains("secrets.csv");
        assertThat(traces.placesContaining(user(1))).anyMatch(place -> place.startsWith("db PUBLIC.SYNC_LEDGER_"));
        return traces;
    }

    @Test
    void shouldLeakNeitherSecretNorTokensWhenTheTokenIsRenewedAfterA401(CapturedOutput output) throws Exception {
        // given client credentials, 200 new members, and a tenant that revokes the first token once eight adds
        // (of twenty) have arrived
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(200, 0)), 200);
        CompletableFuture<Void> revoke = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (run.sandbox().stats().membersPostRequests() < 8 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            run.sandbox().revokeAllTokens();
        });
        // when
        int exit = syncWithDebugLogging(input, "--sync.rate-limit.writes.per-minute=600",
                "--sync.rate-limit.writes.burst=10");
        revoke.get(5, TimeUnit.SECONDS);
        // then the run got through a 401 with a second token
        assertThat(exit).isZero();
        assertThat(run.sandbox().stats().unauthorized()).isPositive();
        assertThat(proxy.tokens()).hasSize(2);
        // and neither the secret nor either token was written anywhere
        RunTraces traces = traces(output);
        assertThat(traces.placesContaining(CLIENT_SECRET)).as("places holding the client secret").isEmpty();
        for (String token : proxy.tokens()) {
            assertThat(traces.placesContaining(token)).as("places holding token " + token.substring(0, 6) + "...")
                    .isEmpty();
        }
    }

    @Test
    void shouldNotLeakAStaticTokenWhenTheRunSucceeds(CapturedOutput output) throws Exception {
        // given a ready access token instead of client credentials
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)
                .withStaticToken(STATIC_TOKEN, "read:organization_members", "create:organization_members",
                        "read:organizations")), 20);
        // when
        int exit = syncWithDebugLogging(input, "--auth0.token=" + STATIC_TOKEN);
        // then the token was used, and written nowhere
        assertThat(exit).isZero();
        assertThat(run.sandbox().stats().tokenRequests()).isZero();
        assertThat(proxy.tokens()).containsExactly(STATIC_TOKEN);
        RunTraces traces = traces(output);
        assertThat(traces.placesContaining(STATIC_TOKEN)).isEmpty();
        assertThat(traces.placesContaining(CLIENT_SECRET)).isEmpty();
    }

    @Test
    void shouldNotLeakTheSecretWhenTheTenantRefusesIt(CapturedOutput output) throws Exception {
        // given a wrong client secret
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)), 20);
        // when
        int exit = syncWithDebugLogging(input, "--auth0.client-secret=" + WRONG_SECRET);
        // then the run stops on the error path, stack trace included (--debug), without the secret
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("refused the client credentials").contains("\tat ");
        RunTraces traces = traces(output);
        assertThat(traces.placesContaining(WRONG_SECRET)).isEmpty();
        assertThat(traces.placesContaining(CLIENT_SECRET)).isEmpty();
    }

    @Test
    void shouldNotLeakAStaticTokenWhenTheTenantRejectsIt(CapturedOutput output) throws Exception {
        // given a token the tenant does not know: every call gets a 401
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)), 20);
        // when
        int exit = syncWithDebugLogging(input, "--auth0.token=" + REJECTED_TOKEN);
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().stats().unauthorized()).isPositive();
        assertThat(output.getErr()).contains("rejected the access token").contains("\tat ");
        RunTraces traces = traces(output);
        assertThat(traces.placesContaining(REJECTED_TOKEN)).isEmpty();
    }
}
