package dev.orgmembersync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.ssl.pem.PemContent;

/** The test-only keys in {@code src/test/resources/keys} (see the README there). */
public final class TestKeys {

    /** PKCS#1 "RSA PRIVATE KEY"; {@link #CLIENT_PKCS8} is the same key. */
    public static final String CLIENT_PKCS1 = "client-pkcs1.pem";
    public static final String CLIENT_PKCS8 = "client-pkcs8.pem";
    /** The public half of {@link #CLIENT_PKCS1}. */
    public static final String CLIENT_PUBLIC = "client.pub.pem";
    /** Another RSA key, PKCS#8. */
    public static final String OTHER_PKCS8 = "other-pkcs8.pem";
    public static final String EC = "ec.pem";
    public static final String ENCRYPTED = "encrypted.pem";
    public static final String RSA_1024 = "rsa-1024.pem";

    private TestKeys() {
    }

    public static Path file(String name) {
        return Path.of("src/test/resources/keys", name).toAbsolutePath();
    }

    public static String text(String name) {
        try {
            return Files.readString(file(name));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The base64 lines between a PEM file's BEGIN and END lines: any of them in an output is a leak. */
    public static List<String> bodyLines(String name) {
        return text(name).lines().filter(line -> !line.startsWith("-----") && !line.isBlank()).toList();
    }

    public static RSAPrivateKey privateKey(String name) {
        return (RSAPrivateKey) PemContent.of(text(name)).getPrivateKey();
    }

    public static RSAPublicKey clientPublicKey() {
        String body = String.join("", bodyLines(CLIENT_PUBLIC));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
