package dev.orgmembersync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Exit codes and the one-line errors of the real main, for the failures a scheduler must tell apart. */
@ExtendWith(OutputCaptureExtension.class)
class ExitCodeIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    private Path input;

    @BeforeEach
    void start() {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(5, 0));
        input = run.csv("members.csv", users(1, 3).stream().map(id -> ACME + "," + id).toList());
    }

    @Test
    void shouldExitZeroWhenEveryRowIsAdded() {
        assertThat(run.run(input)).isZero();
    }

    @Test
    void shouldExitOneBeforeAnyApiCallWhenInputIsMissing(CapturedOutput output) {
        // when
        int exit = run.run(dir.resolve("nope.csv"));
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("sync.input: ").contains("nope.csv does not exist");
        assertThat(run.sandbox().stats().totalRequests()).isZero();
        assertThat(output.getErr()).doesNotContain("\tat ");
    }

    @Test
    void shouldNameThePropertyWhenASettingIsOutOfRange(CapturedOutput output) {
        int exit = run.run(input, "--sync.concurrency=0");
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("sync.concurrency");
        assertThat(run.sandbox().stats().totalRequests()).isZero();
    }

    @Test
    void shouldExitOneWhenNoCredentialsAreGiven(CapturedOutput output) {
        int exit = run.run(input, "--auth0.client-id=", "--auth0.client-secret=");
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("auth0.token, or auth0.client-id with auth0.client-secret");
    }

    @Test
    void shouldRefusePlainHttpToARemoteHost(CapturedOutput output) {
        int exit = run.run(input, "--auth0.base-url=http://auth0.example.com");
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("auth0.base-url uses plain http");
    }

    @Test
    void shouldStopAtOnceWithoutLeakingTheSecretWhenTheSecretIsWrong(CapturedOutput output) {
        // when
        int exit = run.run(input, "--auth0.client-secret=wrong-secret-5e1d");
        // then one token request, no API call, and a message that names the client but not the secret
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().stats().tokenRequests()).isEqualTo(1);
        assertThat(run.sandbox().stats().totalRequests()).isEqualTo(1);
        assertThat(output.getErr()).contains("refused the client credentials of client_id " + SyncRunFixture.CLIENT_ID);
        assertThat(output.getAll()).doesNotContain("wrong-secret-5e1d").doesNotContain(SyncRunFixture.CLIENT_SECRET);
    }

    @Test
    void shouldExitOneWithOneLineWhenTenantIsUnreachable(CapturedOutput output) {
        // when the base URL points at a closed port
        int exit = run.run(input, "--auth0.base-url=http://127.0.0.1:9", "--sync.retry.max-attempts=2");
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("could not be reached");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldExitOneNamingFileAndLineWhenHeaderIsMissing(CapturedOutput output) throws IOException {
        Path noHeader = Files.writeString(dir.resolve("no-header.csv"), ACME + ",auth0|user0001\n");
        int exit = run.run(noHeader);
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("no-header.csv:1: the header must name the columns");
        assertThat(run.sandbox().stats().totalRequests()).isZero();
    }
}
