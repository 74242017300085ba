package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.TestKeys;

import org.springframework.boot.ssl.pem.PemContent;

/** The sandbox's client key options: a given PEM public key, or a generated pair the job can sign with. */
class SandboxClientKeyTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheOpensslPublicKeyWhenGivenWithClientPublicKey() throws Exception {
        // when
        RSAPublicKey key = new SandboxCommandLine("--client-public-key=" + TestKeys.file(TestKeys.CLIENT_PUBLIC))
                .clientKey().orElseThrow();
        // then
        assertThat(key).isEqualTo(TestKeys.clientPublicKey());
    }

    @Test
    void shouldWriteAnOwnerOnlyPrivateKeyMatchingTheTrustedPublicKeyWhenGenerating() throws Exception {
        // when
        RSAPublicKey trusted = new SandboxCommandLine("--generate-client-key=" + dir.resolve("keys")).clientKey()
                .orElseThrow();
        // then
        Path privateKey = dir.resolve("keys").resolve(SandboxClientKey.PRIVATE_KEY_FILE);
        RSAPrivateCrtKey written = (RSAPrivateCrtKey) PemContent.load(privateKey).getPrivateKey();
        assertThat(written.getModulus()).isEqualTo(trusted.getModulus());
        assertThat(written.getPublicExponent()).isEqualTo(trusted.getPublicExponent());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        assertThat(SandboxClientKey.read(dir.resolve("keys").resolve(SandboxClientKey.PUBLIC_KEY_FILE))).isEqualTo(trusted);
    }

    @Test
    void shouldRefuseBothKeyOptionsAnUnknownAlgorithmAndAFileThatIsNoPublicKey() {
        assertThatThrownBy(() -> new SandboxCommandLine("--client-public-key=a.pem", "--generate-client-key=" + dir)
                .clientKey()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxCommandLine("--client-key-algorithm=ES256").clientKeyAlgorithm())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxCommandLine("--client-public-key=" + TestKeys.file(TestKeys.CLIENT_PKCS8))
                .clientKey()).isInstanceOf(IllegalArgumentException.class);
    }
}
