package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.reliability.Reports.Membership;

/**
 * The real jar authenticates with Private Key JWT against the sandbox as its own process: the key comes from a
 * {@code configtree} directory (as a Kubernetes Secret is mounted), tokens live 2 seconds and one is revoked
 * mid-run, and every token request carries a new assertion the sandbox accepts (it refuses a reused jti).
 */
class PrivateKeyJwtIT {

    private static final int ROWS = 600;
    private static final int ORGANIZATIONS = 3;
    private static final Pattern PRIVATE_KEY = Pattern.compile("sandbox client private key: (\\S+)");

    @AutoClose("destroyAll")
    private final ChildProcesses children = new ChildProcesses();

    @Test
    void shouldSyncEveryRowWithANewAssertionPerTokenRequestWhenTokensExpireAndAreRevoked() throws Exception {
        // given a sandbox that trusts a key pair it generated, with 2-second tokens
        Path dir = ChildProcesses.workDir("PrivateKeyJwtIT");
        SandboxProcess sandbox = SandboxProcess.start(children, dir, "--generate-orgs=" + ORGANIZATIONS,
                "--generate-users=" + ROWS, "--latency-ms=5", "--token-lifetime-seconds=2",
                "--generate-client-key=" + dir.resolve("sandbox-keys"));
        Matcher key = PRIVATE_KEY.matcher(sandbox.process().stdout());
        assertThat(key.find()).as(sandbox.process().describe()).isTrue();
        String pem = Files.readString(Path.of(key.group(1)));
        // and the key's text mounted as a file named after the property, the way Kubernetes mounts a Secret
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("auth0.client-assertion.key"), pem);
        List<Membership> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> new Membership(generatedOrganization(i % ORGANIZATIONS + 1), generatedUser(i + 1))).toList();
        Path input = Reports.input(dir.resolve("members.csv"), rows);
        Path reportDir = dir.resolve("report");

        // when the job runs, with its first token revoked once it has started adding
        ChildProcess job = children.start("job", jobCommand(sandbox, input, secrets, reportDir, dir.resolve("db")), dir);
        assertThat(job.awaitCondition(() -> sandbox.memberPosts() > 0, Duration.ofSeconds(60), 20))
                .as("the job never started adding\n%s", job.describe()).isTrue();
        revokeTokens(sandbox);
        int exitCode = job.awaitExit(Duration.ofSeconds(120));

        // then
        assertThat(exitCode).as(job.describe()).isZero();
        JsonNode stats = sandbox.stats();
        long tokenRequests = stats.path("requests").path("token").asLong();
        JsonNode assertions = stats.path("client_assertions");
        System.out.println("PrivateKeyJwtIT: " + tokenRequests + " token requests, client assertions " + assertions);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(tokenRequests).as("token requests (2 s tokens, one revoked)").isGreaterThanOrEqualTo(3);
            softly.assertThat(assertions.path("accepted").asLong()).as("assertions accepted: one new per token request")
                    .isEqualTo(tokenRequests);
            softly.assertThat(assertions.path("refused").asLong()).as("assertions refused").isZero();
            softly.assertThat(assertions.path("reused_jti").asLong()).as("assertions with a reused jti").isZero();
            softly.assertThat(stats.path("unauthorized").asLong()).as("401s: the revoked token").isPositive();
            softly.assertThat(job.stdout()).contains("requesting a new one");
            rows.stream().collect(Collectors.groupingBy(Membership::organizationId,
                    Collectors.mapping(Membership::userId, Collectors.toSet())))
                    .forEach((org, users) -> softly.assertThat(sandbox.members(org)).as("members of %s", org)
                            .containsAll(users));
            softly.assertThat(Reports.summary(reportDir).path("status").asString()).isEqualTo("COMPLETED");
            pem.lines().filter(line -> !line.startsWith("-----")).forEach(line -> softly
                    .assertThat(job.stdout() + job.stderr()).as("job output holding a key line").doesNotContain(line));
        });
    }

    /** No client secret anywhere: the key comes from the configtree, the rest is not secret. */
    private static List<String> jobCommand(SandboxProcess sandbox, Path input, Path secrets, Path reportDir, Path db) {
        List<String> command = ChildProcesses.java("-jar", ChildProcesses.jar().toString());
        command.addAll(List.of(
                "--spring.config.import=optional:configtree:" + secrets.toAbsolutePath() + "/",
                "--sync.input=" + input.toAbsolutePath(),
                "--auth0.base-url=" + sandbox.baseUrl(),
                "--auth0.client-id=" + SandboxProcess.CLIENT_ID,
                "--spring.datasource.url=jdbc:h2:file:" + db.toAbsolutePath(),
                "--sync.report-dir=" + reportDir.toAbsolutePath(),
                "--sync.concurrency=1",
                "--sync.rate-limit.writes.per-minute=1200",
                "--sync.verify.recheck-delay=200ms",
                "--sync.retry.initial-backoff=50ms"));
        return command;
    }

    private static void revokeTokens(SandboxProcess sandbox) throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/tokens/revoke"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(204);
    }
}
