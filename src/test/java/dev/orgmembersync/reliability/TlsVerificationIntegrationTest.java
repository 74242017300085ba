package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.OrgMemberSyncApplication;
import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The tenant behind HTTPS with a self-signed certificate made at test time (keytool): refused, with one
 * clear line, unless its certificate is trusted through {@code auth0.trust-store} or the JDK's own
 * {@code javax.net.ssl.trustStore}; and a trusted certificate for another host name is still refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsVerificationIntegrationTest {

    private static final String KEY_PASSWORD = "tenant-key-pass";
    private static final String TRUST_PASSWORD = "trust-store-pass";

    @TempDir
    static Path keys;

    private static SSLContext tenantTls;
    private static SSLContext otherHostTls;
    private static Path trustStore;

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    @AutoClose
    private RecordingProxy tenant;
    private Path input;

    @BeforeAll
    static void makeCertificates() throws Exception {
        // a certificate for 127.0.0.1, and a trusted one issued to another host name; both in the trust store
        tenantTls = serverTls("tenant", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
        otherHostTls = serverTls("other", "CN=other.example", "SAN=dns:other.example");
        trustStore = keys.resolve("trust.p12");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String alias : List.of("tenant", "other")) {
            // what keytool -exportcert / -importcert do, without starting two more JVMs per certificate
            trusted.setCertificateEntry(alias, load(keys.resolve(alias + ".p12"), KEY_PASSWORD).getCertificate(alias));
        }
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, TRUST_PASSWORD.toCharArray());
        }
    }

    /** keytool -genkeypair into {@code <alias>.p12}; an SSLContext presenting that key. */
    private static SSLContext serverTls(String alias, String dname, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = keys.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", san, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", KEY_PASSWORD, "-keypass", KEY_PASSWORD);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(load(store, KEY_PASSWORD), KEY_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    private void start(SSLContext presented) throws IOException {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(10, 0));
        tenant = RecordingProxy.https(run.sandbox().baseUrl(), presented);
        input = run.csv("tls.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
    }

    @Test
    void shouldStopWithOneLineAboutTheCertificateWhenItIsNotTrusted(CapturedOutput output) throws IOException {
        // given
        start(tenantTls);
        // when
        int exit = run.run(input, "--auth0.base-url=" + tenant.baseUrl());
        // then no request got through, and stderr says why in lines of its own, without a stack trace
        assertThat(exit).isEqualTo(1);
        assertThat(tenant.hops()).isEmpty();
        assertThat(run.sandbox().stats().totalRequests()).isZero();
        List<String> errors = output.getErr().lines().filter(line -> !line.isBlank()).toList();
        assertThat(errors).allMatch(line -> line.startsWith("org-member-sync: "));
        assertThat(errors).filteredOn(line -> line.contains("TLS certificate not trusted")).singleElement()
                .asString().contains(tenant.baseUrl().toString()).contains("auth0.trust-store");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldSyncWhenTheCertificateIsInTheConfiguredTrustStore() throws IOException {
        // given
        start(tenantTls);
        // when
        int exit = run.run(input, "--auth0.base-url=" + tenant.baseUrl(), "--auth0.trust-store=" + trustStore,
                "--auth0.trust-store-password=" + TRUST_PASSWORD);
        // then every call went over the verified TLS connection
        assertThat(exit).isZero();
        assertThat(tenant.hops()).hasSize((int) run.sandbox().stats().totalRequests()).isNotEmpty();
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(users(1, 5));
    }

    @Test
    void shouldRefuseATrustedCertificateIssuedToAnotherHost(CapturedOutput output) throws IOException {
        // given a tenant presenting a certificate the trust store holds, but for other.example, not 127.0.0.1
        start(otherHostTls);
        // when
        int exit = run.run(input, "--auth0.base-url=" + tenant.baseUrl(), "--auth0.trust-store=" + trustStore,
                "--auth0.trust-store-password=" + TRUST_PASSWORD);
        // then host name verification is on
        assertThat(exit).isEqualTo(1);
        assertThat(run.sandbox().stats().totalRequests()).isZero();
        assertThat(output.getErr()).contains("TLS certificate").contains("127.0.0.1");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldSyncWhenTheCertificateIsInTheJdkTrustStoreGivenAsSystemProperty() throws Exception {
        // given the JDK's trust store replaced at JVM start, which needs a JVM of its own
        start(tenantTls);
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", testClassPath(), OrgMemberSyncApplication.class.getName(),
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("child-db"),
                "--sync.input=" + input, "--sync.report-dir=" + dir.resolve("child-reports"),
                "--auth0.base-url=" + tenant.baseUrl(), "--auth0.client-id=" + SyncRunFixture.CLIENT_ID,
                "--auth0.client-secret=" + SyncRunFixture.CLIENT_SECRET, "--sync.verify.recheck-delay=100ms"));
        // when
        Process child = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly();
        }
        // then
        assertThat(finished).as("child finished in time").isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(tenant.hops()).isNotEmpty();
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(users(1, 5));
    }

    /** Surefire may start the test JVM from a manifest-only jar; its real class path is in surefire.test.class.path. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        assertThat(classPath.split(File.pathSeparator)).anyMatch(entry -> entry.endsWith("classes"));
        return classPath;
    }
}
