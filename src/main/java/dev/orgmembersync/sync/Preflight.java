package dev.orgmembersync.sync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.orgmembersync.auth0.Auth0Properties;
import dev.orgmembersync.auth0.ClientAssertionKey;

/**
 * Checks everything that can be checked before the first API call: the input, the report directory, the
 * tenant URL, the credentials and the invitation options. Each problem names its property.
 */
public final class Preflight {

    private Preflight() {
    }

    static List<String> problems(SyncProperties sync, Auth0Properties auth0) {
        List<String> problems = new ArrayList<>();
        checkInput(sync.input(), problems);
        // The default reports/run-<run> is created under ./reports.
        checkReportDir(sync.reportDir() != null ? sync.reportDir() : Path.of("reports"), problems);
        checkTenant(auth0, problems);
        problems.addAll(sync.invite().problems());
        return problems;
    }

    private static void checkInput(Path input, List<String> problems) {
        if (input == null) {
            problems.add("sync.input is required: the CSV file of memberships (--sync.input=members.csv)");
        }
        else {
            inputProblem(input).ifPresent(problems::add);
        }
    }

    /** What is wrong with the input file, if anything; also asked before Spring starts, so it is said at once. */
    public static Optional<String> inputProblem(Path input) {
        if (!Files.isRegularFile(input)) {
            return Optional.of("sync.input: " + input + " does not exist or is not a file");
        }
        if (!Files.isReadable(input)) {
            return Optional.of("sync.input: " + input + " is not readable");
        }
        return Optional.empty();
    }

    /** Creates the directory and a probe file in it: permission bits alone say nothing for root. */
    private static void checkReportDir(Path dir, List<String> problems) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        }
        catch (IOException | RuntimeException ex) {
            problems.add("sync.report-dir: " + dir + " cannot be created or written (" + reason(ex) + ")");
        }
    }

    /** The file system's reason in words, without the JDK's class names. */
    private static String reason(Exception ex) {
        if (ex instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (ex instanceof FileAlreadyExistsException exists) {
            return "a file is in the way: " + exists.getFile();
        }
        if (ex instanceof FileSystemException fs) {
            return (fs.getReason() != null ? fs.getReason() : "refused by the file system") + ": " + fs.getFile();
        }
        return ex.getMessage() != null ? ex.getMessage() : "no reason given";
    }

    private static void checkTenant(Auth0Properties auth0, List<String> problems) {
        boolean hasDomain = auth0.domain() != null && !auth0.domain().isBlank();
        if (!hasDomain && auth0.baseUrl() == null) {
            problems.add("auth0.domain is required (e.g. acme.us.auth0.com), or auth0.base-url");
            return;
        }
        if (hasDomain && (auth0.domain().contains("/") || auth0.domain().contains(":"))) {
            problems.add("auth0.domain must be a host name like acme.us.auth0.com, without https:// or a path; got "
                    + auth0.domain());
        }
        URI base = auth0.baseUrl();
        if (base != null) {
            if (base.getHost() == null || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
                problems.add("auth0.base-url must be an https:// URL with a host; got " + base);
            }
            else if ("http".equals(base.getScheme()) && !isLoopback(base.getHost())) {
                problems.add("auth0.base-url uses plain http to " + base.getHost()
                        + ": tokens would cross the network unencrypted; use https (http is only for 127.0.0.1)");
            }
        }
        checkCredentials(auth0, problems);
        if (auth0.trustStore() != null && !Files.isReadable(auth0.trustStore())) {
            problems.add("auth0.trust-store: " + auth0.trustStore() + " does not exist or is not readable");
        }
    }

    /** A ready token, or a client id with exactly one of a client secret and a private key. */
    private static void checkCredentials(Auth0Properties auth0, List<String> problems) {
        if (present(auth0.token())) {
            return;
        }
        boolean secret = present(auth0.clientSecret());
        Auth0Properties.ClientAssertion assertion = auth0.clientAssertion();
        boolean key = assertion != null && assertion.configured();
        if (!present(auth0.clientId())) {
            problems.add("credentials are required: auth0.token, or auth0.client-id with auth0.client-secret"
                    + " or auth0.client-assertion.key");
        }
        else if (secret && key) {
            problems.add("auth0.client-secret and auth0.client-assertion.key are both set: give one, the one the"
                    + " application uses in Auth0 (client secret or Private Key JWT)");
        }
        else if (!secret && !key) {
            problems.add("auth0.client-id needs auth0.client-secret or auth0.client-assertion.key");
        }
        else if (key) {
            checkAssertionKey(assertion, problems);
        }
    }

    private static void checkAssertionKey(Auth0Properties.ClientAssertion assertion, List<String> problems) {
        if (!ClientAssertionKey.ALGORITHMS.contains(assertion.algorithm())) {
            problems.add("auth0.client-assertion.algorithm must be one of " + String.join(", ", ClientAssertionKey.ALGORITHMS)
                    + " (the algorithm of the application's credential in Auth0); got " + assertion.algorithm());
        }
        try {
            ClientAssertionKey.read(assertion.key());
        }
        catch (ClientAssertionKey.UnusableKeyException ex) {
            problems.add(ex.getMessage());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean isLoopback(String host) {
        try {
            return "localhost".equals(host) || InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
