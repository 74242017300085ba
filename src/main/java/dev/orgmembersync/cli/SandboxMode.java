package dev.orgmembersync.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;
import dev.orgmembersync.sandbox.TenantSeed;

import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code --sandbox} or {@code sync.sandbox=true} (option, environment or config file): starts the built-in sandbox tenant on loopback and points the job at it, with buckets
 * smaller than Auth0's so that pacing and a handled 429 show in a short run. No Auth0 account needed.
 */
public final class SandboxMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxMode.class);
    static final String DEFAULT_SEED = "samples/sandbox-tenant.json";
    static final String DEFAULT_INPUT = "samples/memberships.csv";

    private final SandboxTenant tenant;
    private final String[] arguments;

    private SandboxMode(SandboxTenant tenant, String[] arguments) {
        this.tenant = tenant;
        this.arguments = arguments;
    }

    public static SandboxMode startIfRequested(String[] args) throws IOException {
        Binder settings = Binder.get(settingsAsSpringSeesThem(args));
        boolean requested = CommandLine.has(args, "--sandbox") || CommandLine.has(args, "--sync.sandbox")
                || settings.bind("sync.sandbox", Boolean.class).orElse(false);
        List<String> rest = new ArrayList<>(Arrays.stream(args).filter(arg -> !arg.equals("--sandbox")).toList());
        if (!requested) {
            return new SandboxMode(null, rest.toArray(String[]::new));
        }
        Path seed = Path.of(settings.bind("sync.sandbox-seed", String.class).orElse(DEFAULT_SEED));
        SandboxTenant tenant = SandboxTenant.start(SandboxSettings.unlimited()
                .withWrites(BucketLimit.perMinute(30, 3))
                .withReads(BucketLimit.perMinute(60, 5)), TenantSeed.read(seed));
        log.info("Sandbox tenant listening at {} (seeded from {}; member writes 30/min burst 3, reads 60/min burst 5)",
                tenant.baseUrl(), seed);
        List<String> sandboxArgs = new ArrayList<>(List.of(
                "--auth0.base-url=" + tenant.baseUrl(),
                "--auth0.domain=",
                "--auth0.token=",
                "--auth0.client-id=sandbox-client",
                "--auth0.client-secret=sandbox-secret-change-me",
                "--sync.verify.recheck-delay=1s"));
        if (!settings.bind("sync.input", String.class).isBound()) {
            sandboxArgs.add("--sync.input=" + DEFAULT_INPUT);
        }
        return new SandboxMode(tenant, CommandLine.merge(sandboxArgs, rest));
    }

    /**
     * Options, environment and config files ({@code config/application.yml}, ...), read by Spring Boot's own
     * loader: the sandbox must be running before Spring starts, since the Auth0 settings it brings are
     * bound then, yet {@code sync.sandbox=true} may be in any of these places.
     */
    private static ConfigurableEnvironment settingsAsSpringSeesThem(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        return environment;
    }

    /** The arguments for Spring: the sandbox's, unless the user set the same property. */
    public String[] arguments() {
        return arguments;
    }

    @Override
    public void close() {
        if (tenant != null) {
            tenant.close();
        }
    }
}
