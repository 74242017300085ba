package dev.orgmembersync.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The public key the sandbox checks client assertions against: read from a PEM file ({@code --client-public-key}),
 * or a key pair generated into a directory ({@code --generate-client-key}) for the job to sign with.
 */
final class SandboxClientKey {

    static final String PRIVATE_KEY_FILE = "client-key.pem";
    static final String PUBLIC_KEY_FILE = "client-key.pub.pem";

    private SandboxClientKey() {
    }

    /** An RSA public key in SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}, as openssl writes it). */
    static RSAPublicKey read(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = text.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(pem + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        }
        catch (GeneralSecurityException | ClassCastException ex) {
            throw new IllegalArgumentException(pem + " is not an RSA public key", ex);
        }
    }

    /**
     * Generates a 2048-bit pair into {@code dir}: {@value #PRIVATE_KEY_FILE} (PKCS#8, owner-only) and
     * {@value #PUBLIC_KEY_FILE}. Returns the public half.
     */
    static RSAPublicKey generate(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        Files.createDirectories(dir);
        Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
        Files.deleteIfExists(privateKey);
        Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve(PUBLIC_KEY_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return (RSAPublicKey) pair.getPublic();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
