package dev.orgmembersync.sandbox;

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
 */
public final class SandboxServerMain {

    private SandboxServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SandboxSettings settings;
        TenantSeed seed;
        try {
            SandboxCommandLine commandLine = new SandboxCommandLine(args);
            settings = commandLine.settings();
            seed = commandLine.seed();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxCommandLine.USAGE);
            System.exit(2);
            return;
        }
        SandboxTenant tenant = SandboxTenant.start(settings, seed);
        Runtime.getRuntime().addShutdownHook(new Thread(tenant::close, "sandbox-shutdown"));
        System.out.println("sandbox listening on " + tenant.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
