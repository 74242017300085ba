package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.CLIENT_SECRET;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.OrgMemberSyncApplication;
import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.TestKeys;
import dev.orgmembersync.sandbox.ClientAssertionStats;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With debug logging on, neither the client secret, the private key, a client assertion nor any access token ends
 * up on the console, in the log file, in the report, in the pushed metrics or anywhere in the job database: with
 * either credential kind (also read from a {@code configtree}), on success, after a 401, and on the error paths.
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
    private HttpServer metricsReceiver;

    @BeforeEach
    void receiveMetrics() throws IOException {
        // every OTLP push lands in a file of its own, scanned like the log
        Path metrics = Files.createDirectories(dir.resolve("metrics"));
        AtomicInteger pushes = new AtomicInteger();
        metricsReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metricsReceiver.createContext("/v1/metrics", exchange -> {
            Files.write(metrics.resolve("push-" + pushes.incrementAndGet() + ".bin"),
                    exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        metricsReceiver.start();
    }

    @AfterEach
    void stop() {
        metricsReceiver.stop(0);
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
        // assertions name the URL the job calls (the proxy) as their audience
        run.sandbox().answerAt(proxy.baseUrl());
        run.sandbox().trustClientKey(SyncRunFixture.CLIENT_ID, TestKeys.clientPublicKey(), "RS256");
        return run.csv("secrets.csv", users(1, members).stream().map(id -> ACME + "," + id).toList());
    }

    /** The run with debug logging everywhere, through the recording proxy; {@code extra} wins. */
    private int syncWithDebugLogging(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("--debug", "--logging.level.root=DEBUG",
                "--logging.level.dev.orgmembersync=DEBUG",
                "--logging.file.name=" + logFile(), "--auth0.base-url=" + proxy.baseUrl(),
                "--management.otlp.metrics.export.url=http://127.0.0.1:" + metricsReceiver.getAddress().getPort()
                        + "/v1/metrics"));
        args.addAll(List.of(extra));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input, args.toArray(String[]::new)));
    }

    private Path logFile() {
        return dir.resolve("app.log");
    }

    /** A completed run pushed its meters: the scan covered them too. */
    private static RunTraces withMetrics(RunTraces traces) {
        assertThat(traces.placesContaining("orgsync.api.calls")).as("pushed metrics scanned")
                .anyMatch(place -> place.contains("metrics"));
        return traces;
    }

    /** The token provider's own DEBUG lines were written (the application's defaults keep ours at INFO). */
    private RunTraces withTokenDebugLines(RunTraces traces) {
        assertThat(traces.placesContaining("Obtained a Management API token valid for"))
                .contains("stdout", "file " + logFile());
        return traces;
    }

    private RunTraces traces(CapturedOutput output) {
        RunTraces traces = RunTraces.collect(output.getOut(), output.getErr(), dir.resolve("db"), logFile(),
                run.reportDir(), dir.resolve("metrics"));
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
        RunTraces traces = withTokenDebugLines(withMetrics(traces(output)));
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
        RunTraces traces = withMetrics(traces(output));
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

    /** No line of the key's PEM body (either encoding of it) anywhere. */
    private static void assertNoKeyIn(RunTraces traces) {
        for (String file : List.of(TestKeys.CLIENT_PKCS1, TestKeys.CLIENT_PKCS8)) {
            for (String line : TestKeys.bodyLines(file)) {
                assertThat(traces.placesContaining(line)).as("places holding a line of " + file).isEmpty();
            }
        }
    }

    private void assertNoAssertionOrTokenIn(RunTraces traces) {
        for (String assertion : proxy.assertions()) {
            // the signature alone is what only the key could make
            String signature = assertion.substring(assertion.lastIndexOf('.') + 1);
            assertThat(traces.placesContaining(signature)).as("places holding an assertion's signature").isEmpty();
            assertThat(traces.placesContaining(assertion.substring(0, assertion.lastIndexOf('.'))))
                    .as("places holding an assertion").isEmpty();
        }
        for (String token : proxy.tokens()) {
            assertThat(traces.placesContaining(token)).as("places holding token " + token.substring(0, 6) + "...")
                    .isEmpty();
        }
    }

    @Test
    void shouldLeakNeitherKeyNorAssertionsNorTokensWhenAPrivateKeyJwtRunRenewsItsToken(CapturedOutput output)
            throws Exception {
        // given Private Key JWT from a PKCS#1 file, 200 new members, and a tenant that revokes the first token once
        // eight adds have arrived
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(200, 0)), 200);
        CompletableFuture<Void> revoke = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (run.sandbox().stats().membersPostRequests() < 8 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            run.sandbox().revokeAllTokens();
        });
        // when
        int exit = syncWithDebugLogging(input, "--auth0.client-secret=",
                "--auth0.client-assertion.key=" + TestKeys.file(TestKeys.CLIENT_PKCS1),
                "--sync.rate-limit.writes.per-minute=600", "--sync.rate-limit.writes.burst=10");
        revoke.get(5, TimeUnit.SECONDS);
        // then two tokens, each bought with its own assertion
        assertThat(exit).isZero();
        assertThat(proxy.tokens()).hasSize(2);
        assertThat(proxy.assertions()).hasSize(2).doesNotHaveDuplicates();
        assertThat(run.sandbox().clientAssertionStats()).isEqualTo(new ClientAssertionStats(2, 0, 0));
        // and none of key, assertions or tokens was written anywhere
        RunTraces traces = withTokenDebugLines(withMetrics(traces(output)));
        assertNoKeyIn(traces);
        assertNoAssertionOrTokenIn(traces);
    }

    @Test
    void shouldLeakNoKeyWhenTheKeyTextComesFromAConfigTree(CapturedOutput output) throws Exception {
        // given the key's PEM text as a mounted file named auth0.client-assertion.key
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)), 20);
        Path tree = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(tree.resolve("auth0.client-assertion.key"), TestKeys.text(TestKeys.CLIENT_PKCS8));
        // when
        int exit = syncWithDebugLogging(input, "--auth0.client-secret=",
                "--spring.config.import=optional:configtree:" + tree + "/");
        // then
        assertThat(exit).isZero();
        assertThat(proxy.assertions()).hasSize(1);
        RunTraces traces = withTokenDebugLines(withMetrics(traces(output)));
        assertNoKeyIn(traces);
        assertNoAssertionOrTokenIn(traces);
    }

    @Test
    void shouldLeakNoSecretWhenTheSecretComesFromAConfigTree(CapturedOutput output) throws Exception {
        // given the secret as a mounted file named auth0.client-secret, none on the command line
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)), 20);
        Path tree = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(tree.resolve("auth0.client-secret"), CLIENT_SECRET);
        // when the run gets the fixture's settings but the secret (the fixture would pass it on the command line)
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> OrgMemberSyncApplication.run("--debug",
                "--logging.level.root=DEBUG", "--logging.level.dev.orgmembersync=DEBUG",
                "--logging.file.name=" + logFile(),
                "--management.otlp.metrics.export.url=http://127.0.0.1:" + metricsReceiver.getAddress().getPort()
                        + "/v1/metrics",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "--sync.input=" + input,
                "--sync.report-dir=" + run.reportDir(), "--auth0.base-url=" + proxy.baseUrl(),
                "--auth0.client-id=" + SyncRunFixture.CLIENT_ID, "--sync.verify.recheck-delay=100ms",
                "--spring.config.import=optional:configtree:" + tree + "/"));
        // then
        assertThat(exit).isZero();
        RunTraces traces = withTokenDebugLines(withMetrics(traces(output)));
        assertThat(traces.placesContaining(CLIENT_SECRET)).isEmpty();
        assertNoAssertionOrTokenIn(traces);
    }

    @Test
    void shouldLeakNeitherKeyNorAssertionWhenTheTenantRefusesTheAssertion(CapturedOutput output) throws Exception {
        // given a key whose public half the tenant does not hold
        Path input = start(new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0)), 20);
        // when
        int exit = syncWithDebugLogging(input, "--auth0.client-secret=",
                "--auth0.client-assertion.key=" + TestKeys.file(TestKeys.OTHER_PKCS8));
        // then the error path, stack trace included (--debug), holds neither
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("refused the client assertion").contains("\tat ");
        assertThat(proxy.assertions()).hasSize(1);
        RunTraces traces = traces(output);
        for (String line : TestKeys.bodyLines(TestKeys.OTHER_PKCS8)) {
            assertThat(traces.placesContaining(line)).isEmpty();
        }
        assertNoAssertionOrTokenIn(traces);
    }
}
