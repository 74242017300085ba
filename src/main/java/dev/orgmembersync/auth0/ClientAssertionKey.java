package dev.orgmembersync.auth0;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads the RSA private key of {@code auth0.client-assertion.key}: a PEM file, or the PEM text itself (a
 * {@code configtree} file carries the content, not a path). Spring Boot's PEM parser reads PKCS#8 and PKCS#1.
 * Messages name the file and never show its content.
 */
public final class ClientAssertionKey {

    /** The algorithms Auth0 offers for a public-key credential. */
    public static final List<String> ALGORITHMS = List.of("RS256", "RS384", "PS256");

    /** Auth0 accepts RSA credentials of 2048 to 4096 bits. */
    private static final int MIN_BITS = 2048;
    private static final int MAX_BITS = 4096;

    private ClientAssertionKey() {
    }

    /** Whether the setting is the PEM text itself rather than a path. */
    private static boolean isInline(String setting) {
        return setting != null && setting.strip().startsWith("-----BEGIN");
    }

    /** Names the key for messages: the setting and its path, never the PEM text. */
    static String describe(String setting) {
        return isInline(setting) ? "auth0.client-assertion.key (PEM text)" : "auth0.client-assertion.key: " + setting;
    }

    /** The key, or {@link UnusableKeyException} saying why it cannot be used. */
    public static RSAPrivateKey read(String setting) {
        String name = describe(setting);
        PemContent pem = isInline(setting) ? PemContent.of(setting) : load(Path.of(setting), name);
        PrivateKey key;
        try {
            key = pem.getPrivateKey();
        }
        catch (IllegalStateException ex) {
            // The parser's messages describe the format, never the content.
            if (String.valueOf(ex.getMessage()).contains("encrypted")) {
                throw new UnusableKeyException(name + " is encrypted: give an unencrypted PKCS#8 or PKCS#1 RSA"
                        + " private key (protect the file instead)");
            }
            key = null;
        }
        if (key == null) {
            throw new UnusableKeyException(name + " is not a PEM private key (expected -----BEGIN PRIVATE KEY-----"
                    + " or -----BEGIN RSA PRIVATE KEY-----)");
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new UnusableKeyException(name + " is an " + key.getAlgorithm() + " key, not an RSA private key");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new UnusableKeyException(name + " is a " + bits + "-bit RSA key; Auth0 accepts 2048 to 4096 bits");
        }
        return rsa;
    }

    private static PemContent load(Path file, String name) {
        if (Files.isDirectory(file)) {
            throw new UnusableKeyException(name + " is a directory, not a key file");
        }
        try {
            return PemContent.load(file);
        }
        catch (NoSuchFileException ex) {
            throw new UnusableKeyException(name + " does not exist");
        }
        catch (AccessDeniedException ex) {
            throw new UnusableKeyException(name + " is not readable by this user");
        }
        catch (IOException ex) {
            throw new UnusableKeyException(name + " cannot be read (" + ex.getClass().getSimpleName() + ")");
        }
    }

    /** The configured key cannot be used; the message names the setting, never the key. */
    public static final class UnusableKeyException extends Auth0AccessException {

        UnusableKeyException(String message) {
            super(message);
        }
    }
}
