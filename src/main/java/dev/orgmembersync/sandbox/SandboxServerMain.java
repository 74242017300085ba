package dev.orgmembersync.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SandboxTenant} as its own process for long tests and benchmarks, e.g.
 * <pre>
 * java -cp target/classes:... dev.orgmembersync.sandbox.SandboxServerMain --port=8089 \
 *     --seed=samples/sandbox-tenant.json --writes-per-minute=200 --writes-burst=20 \
 *     --reads-per-minute=500 --reads-burst=40 --tenant-per-second=0 --latency-ms=150 \
 *     --server-error-rate=0.05 --drop-rate=0.01 --generate-orgs=2000 --generate-users=1000000
 * </pre>
 * Prints exactly one line {@code sandbox listening on http://127.0.0.1:PORT} to stdout and runs until killed.
 * <p>
 * Generated ids (see {@link SyntheticIds}), {@code n} 1-based and zero-padded to 8 digits:
 * users {@code auth0|gen00000001} .. {@code auth0|genNNNNNNNN} ({@code --generate-users=N}); organizations
 * id {@code org_gen00000001}, name {@code gen-org-00000001}, display name {@code Generated Org 00000001}
 * .. ({@code --generate-orgs=N}), all without members at start. Generated users cost no memory.
 * Other options: {@code --writes-burst} (default 20), {@code --reads-burst} (default 40), {@code --tenant-burst}
 * (default ceil(rate)), {@code --latency-spike-rate}, {@code --latency-spike-ms}, {@code --fault-seed} (default 42),
 * {@code --token-lifetime-seconds} (default 86400). A rate of 0 disables the bucket.
 * <p>
 * Private Key JWT: {@code --client-public-key=PEM} (an RSA {@code PUBLIC KEY}) or {@code --generate-client-key=DIR}
 * (writes {@code client-key.pem} and {@code client-key.pub.pem} and prints
 * {@code sandbox client private key: PATH} before the listening line) lets every seeded client authenticate with
 * assertions signed by that key, algorithm {@code --client-key-algorithm} (RS256 default, RS384, PS256).
 * <p>
 * {@code --seed-members=FILE}: CSV lines {@code organization_id,user_id} (a header line starting with
 * {@code organization_id} is skipped) that are members before the run, e.g. to benchmark inputs of which a part is
 * present already; the organizations must exist (generated or in the seed). Benchmarks read
 * {@code GET /sandbox/stats?posts=false} (counters, {@code first_request_epoch_ms}) and {@code GET /sandbox/requests}
 * (one CSV line {@code epoch_ms,kind,status} per request), see {@code samples/bench/bench.sh}.
 */
public final class SandboxServerMain {

    private SandboxServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SandboxSettings settings;
        TenantSeed seed;
        Path seedMembers;
        SandboxCommandLine commandLine;
        Optional<RSAPublicKey> clientKey;
        String clientKeyAlgorithm;
        Optional<Path> generatedKeyDir;
        try {
            commandLine = new SandboxCommandLine(args);
            settings = commandLine.settings();
            seed = commandLine.seed();
            seedMembers = commandLine.seedMembers().orElse(null);
            clientKeyAlgorithm = commandLine.clientKeyAlgorithm();
            clientKey = commandLine.clientKey();
            generatedKeyDir = commandLine.generatedKeyDir();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxCommandLine.USAGE);
            System.exit(2);
            return;
        }
        SandboxTenant tenant = SandboxTenant.start(settings, seed);
        tenant.exportDelay(commandLine.exportDelay());
        tenant.removalDelay(commandLine.removalDelay());
        tenant.exportLinkLifetime(commandLine.exportLinkLifetime());
        commandLine.refuseInvitationsFor().ifPresent(tenant::refuseInvitationsFor);
        tenant.lagSearch(commandLine.searchLagIds());
        if (seedMembers != null) {
            try {
                seedMembers(tenant, seedMembers);
            } catch (IOException | IllegalArgumentException e) {
                tenant.close();
                System.err.println("--seed-members=" + seedMembers + ": " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        clientKey.ifPresent(key -> seed.clients()
                .forEach(client -> tenant.trustClientKey(client.clientId(), key, clientKeyAlgorithm)));
        generatedKeyDir.ifPresent(dir -> System.out.println("sandbox client private key: "
                + dir.resolve(SandboxClientKey.PRIVATE_KEY_FILE).toAbsolutePath()));
        Runtime.getRuntime().addShutdownHook(new Thread(tenant::close, "sandbox-shutdown"));
        System.out.println("sandbox listening on " + tenant.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Adds the members listed in {@code file} (lines {@code organization_id,user_id}), one organization at a time. */
    static void seedMembers(SandboxTenant tenant, Path file) throws IOException {
        Map<String, List<String>> byOrganization = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("organization_id")) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma <= 0 || comma == line.length() - 1) {
                    throw new IllegalArgumentException("expected organization_id,user_id, got: " + line);
                }
                byOrganization.computeIfAbsent(line.substring(0, comma), k -> new ArrayList<>())
                        .add(line.substring(comma + 1));
            }
        }
        byOrganization.forEach(tenant::seedMembers);
    }
}
