package dev.orgmembersync.auth0;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the Auth0 client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ Auth0Properties.class, RateLimitProperties.class, RetryProperties.class })
public class Auth0Configuration {

    @Bean
    CallTimeline callTimeline(Clock clock) {
        return new CallTimeline(clock);
    }

    @Bean
    ApiMetrics apiMetrics(MeterRegistry registry, CallTimeline callTimeline) {
        return new ApiMetrics(registry, callTimeline);
    }

    @Bean
    HttpClient auth0HttpClient(Auth0Properties properties) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (properties.trustStore() != null) {
            builder.sslContext(sslContext(properties));
        }
        return builder.build();
    }

    @Bean
    Paces paces(RateLimitProperties rates, Pacer pacer) {
        return new Paces(rates, pacer);
    }

    @Bean
    Pacer pacer(RateLimitProperties rates, RetryProperties retry, ApiMetrics metrics, Clock clock,
            Environment environment) {
        return new Pacer(rates, explicitRates(environment), retry, metrics, clock, Sleeper.THREAD);
    }

    /** Buckets whose {@code per-minute} the user set (in any form Spring binds: file, argument, environment). */
    private static Set<Bucket> explicitRates(Environment environment) {
        Binder binder = Binder.get(environment);
        Set<Bucket> explicit = EnumSet.noneOf(Bucket.class);
        for (Bucket bucket : Bucket.values()) {
            String option = "sync.rate-limit." + RateLimitProperties.optionOf(bucket) + ".per-minute";
            if (binder.bind(option, Integer.class).isBound()) {
                explicit.add(bucket);
            }
        }
        return explicit;
    }

    @Bean
    ManagementApi managementApi(HttpClient auth0HttpClient, JsonMapper json, Pacer pacer, Auth0Properties properties,
            Clock clock) {
        TokenProvider tokens = properties.usesClientCredentials()
                ? new ClientCredentialsTokenProvider(auth0HttpClient, json, clock, properties)
                : new StaticTokenProvider(properties.token());
        return new ManagementApi(auth0HttpClient, json, pacer, tokens, properties);
    }

    @Bean
    ExportDownload exportDownload(HttpClient auth0HttpClient, JsonMapper json, Auth0Properties properties) {
        return new ExportDownload(auth0HttpClient, json, properties.requestTimeout());
    }

    @Bean
    MemberPager memberPager(ManagementApi managementApi) {
        return new MemberPager(managementApi);
    }

    @Bean
    RoleApi roleApi(ManagementApi managementApi) {
        return new RoleApi(managementApi);
    }

    @Bean
    UserApi userApi(ManagementApi managementApi) {
        return new UserApi(managementApi);
    }

    @Bean
    InvitationApi invitationApi(ManagementApi managementApi) {
        return new InvitationApi(managementApi);
    }

    /** Trusts the given store's certificates (a private CA); verification itself stays on. */
    private static SSLContext sslContext(Auth0Properties properties) {
        char[] password = properties.trustStorePassword() == null ? null : properties.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(properties.trustStore())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("auth0.trust-store " + properties.trustStore() + " could not be read", ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("auth0.trust-store " + properties.trustStore() + " is not a usable trust store: "
                    + ex.getMessage(), ex);
        }
    }
}
