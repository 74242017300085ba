package dev.orgmembersync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.CLIENT_ID;
import static dev.orgmembersync.SyncRunFixture.CLIENT_SECRET;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.orgmembersync.sandbox.ClientAssertionStats;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Both credential kinds through the real main against the sandbox: a client secret or a Private Key JWT, each
 * also from a {@code configtree} directory of mounted secret files; every misconfiguration is one line, exit 1.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsIntegrationTest {

    private static final String NO_SECRET = "--auth0.client-secret=";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    private Path input;

    @BeforeEach
    void start() {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(5, 0));
        run.sandbox().trustClientKey(CLIENT_ID, TestKeys.clientPublicKey(), "RS256");
        input = run.csv("members.csv", users(1, 3).stream().map(id -> ACME + "," + id).toList());
    }

    private static String key(String name) {
        return "--auth0.client-assertion.key=" + TestKeys.file(name);
    }

    /** A directory of files named like properties, as Kubernetes mounts a Secret. */
    private String configTree(String property, String content) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(tree.resolve(property), content);
        return "--spring.config.import=optional:configtree:" + tree + "/";
    }

    @Test
    void shouldAddEveryRowWhenAuthenticatedByAPkcs1KeyFile() {
        // when
        int exit = run.run(input, NO_SECRET, key(TestKeys.CLIENT_PKCS1));
        // then
        assertThat(exit).isZero();
        assertThat(run.sandbox().members(ACME)).containsAll(users(1, 3));
        assertThat(run.sandbox().clientAssertionStats()).isEqualTo(new ClientAssertionStats(1, 0, 0));
        assertThat(run.sandbox().stats().tokenRequests()).isEqualTo(1);
    }

    @Test
    void shouldSignWithTheKeyTextWhenAConfigTreeFileHoldsIt() throws IOException {
        // given the key's PEM text in a file named auth0.client-assertion.key
        String configTree = configTree("auth0.client-assertion.key", TestKeys.text(TestKeys.CLIENT_PKCS8));
        // when
        int exit = run.run(input, NO_SECRET, configTree);
        // then
        assertThat(exit).isZero();
        assertThat(run.sandbox().clientAssertionStats().accepted()).isEqualTo(1);
    }

    @Test
    void shouldUseTheClientSecretWhenAConfigTreeFileHoldsIt() throws IOException {
        // given the secret in a file named auth0.client-secret (with the newline an editor leaves), none on the command line
        String configTree = configTree("auth0.client-secret", CLIENT_SECRET + "\n");
        // when
        int exit = OrgMemberSyncApplication.run("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db"),
                "--sync.input=" + input, "--sync.report-dir=" + run.reportDir(),
                "--auth0.base-url=" + run.sandbox().baseUrl(), "--auth0.client-id=" + CLIENT_ID, configTree);
        // then
        assertThat(exit).isZero();
        assertThat(run.sandbox().members(ACME)).containsAll(users(1, 3));
        assertThat(run.sandbox().clientAssertionStats().accepted()).isZero();
    }

    static Stream<Arguments> misconfigurations() throws IOException {
        Path notPem = Files.createTempFile("not-pem", ".txt");
        Files.writeString(notPem, "just some text\n");
        notPem.toFile().deleteOnExit();
        return Stream.of(
                Arguments.of("a key and a secret", new String[] { key(TestKeys.CLIENT_PKCS8) },
                        "auth0.client-secret and auth0.client-assertion.key are both set"),
                Arguments.of("neither key nor secret", new String[] { NO_SECRET },
                        "auth0.client-id needs auth0.client-secret or auth0.client-assertion.key"),
                Arguments.of("a missing key file", new String[] { NO_SECRET, "--auth0.client-assertion.key=/nope/key.pem" },
                        "auth0.client-assertion.key: /nope/key.pem does not exist"),
                Arguments.of("a directory", new String[] { NO_SECRET, "--auth0.client-assertion.key=" + notPem.getParent() },
                        "auth0.client-assertion.key: " + notPem.getParent() + " is a directory, not a key file"),
                Arguments.of("a file that is not PEM", new String[] { NO_SECRET, "--auth0.client-assertion.key=" + notPem },
                        "auth0.client-assertion.key: " + notPem + " is not a PEM private key"),
                Arguments.of("a public key", new String[] { NO_SECRET, key(TestKeys.CLIENT_PUBLIC) },
                        TestKeys.file(TestKeys.CLIENT_PUBLIC) + " is not a PEM private key"),
                Arguments.of("an EC key", new String[] { NO_SECRET, key(TestKeys.EC) },
                        TestKeys.file(TestKeys.EC) + " is an EC key, not an RSA private key"),
                Arguments.of("an encrypted key", new String[] { NO_SECRET, key(TestKeys.ENCRYPTED) },
                        TestKeys.file(TestKeys.ENCRYPTED) + " is encrypted"),
                Arguments.of("a 1024-bit key", new String[] { NO_SECRET, key(TestKeys.RSA_1024) },
                        "is a 1024-bit RSA key; Auth0 accepts 2048 to 4096 bits"),
                Arguments.of("an unknown algorithm",
                        new String[] { NO_SECRET, key(TestKeys.CLIENT_PKCS8), "--auth0.client-assertion.algorithm=ES256" },
                        "auth0.client-assertion.algorithm must be one of RS256, RS384, PS256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misconfigurations")
    void shouldStopBeforeAnyCallWithOneLineWhenTheCredentialsAreMisconfigured(String what, String[] args,
            String message, CapturedOutput output) {
        // when
        int exit = run.run(input, args);
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().stats().totalRequests()).isZero();
        assertThat(output.getErr().lines().filter(line -> line.startsWith("org-member-sync: ")))
                .singleElement().asString().contains(message);
        assertThat(output.getAll()).doesNotContain("\tat ");
        for (String name : new String[] { TestKeys.CLIENT_PKCS1, TestKeys.EC, TestKeys.ENCRYPTED, TestKeys.RSA_1024 }) {
            assertThat(output.getAll()).doesNotContain(TestKeys.bodyLines(name).get(1));
        }
    }

    @Test
    void shouldNameTheKeyAndAlgorithmWhenTheTenantRefusesTheAssertion(CapturedOutput output) {
        // when the job signs with a key whose public half the tenant does not hold
        int exit = run.run(input, NO_SECRET, key(TestKeys.OTHER_PKCS8));
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().clientAssertionStats().refused()).isEqualTo(1);
        assertThat(run.sandbox().stats().totalRequests()).isEqualTo(1);
        assertThat(output.getErr()).contains("org-member-sync: Auth0 refused the client assertion of client_id "
                + CLIENT_ID).contains("invalid_client: Invalid client assertion signature")
                .contains("check that the application's credential in Auth0 is the public half of"
                        + " auth0.client-assertion.key and that its algorithm matches auth0.client-assertion.algorithm");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldPointAtTheAlgorithmWhenItDiffersFromTheCredentials(CapturedOutput output) {
        // when the tenant's credential is RS256 and the job signs RS384
        int exit = run.run(input, NO_SECRET, key(TestKeys.CLIENT_PKCS8), "--auth0.client-assertion.algorithm=RS384");
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("alg RS384 does not match the credential's RS256")
                .contains("its algorithm matches auth0.client-assertion.algorithm");
    }

    @Test
    void shouldAdviseTheCanonicalAudienceWhenTheTenantDoesNotServeTheAudience(CapturedOutput output) {
        // when the audience is a custom domain's
        int exit = run.run(input, "--auth0.audience=https://login.acme.example/");
        // then one line with the fix
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().stats().totalRequests()).isEqualTo(1);
        assertThat(output.getErr()).contains("org-member-sync: Auth0 does not accept the token audience"
                + " https://login.acme.example/ (HTTP 403 access_denied: Service not enabled within domain:"
                + " https://login.acme.example/): a custom domain cannot be the audience; set auth0.audience to your"
                + " tenant's canonical https://{tenant}.{region}.auth0.com/api/v2/");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }
}
