package dev.orgmembersync.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Beans with no capability of their own. */
@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

    static final String OTLP_PREFIX = "management.otlp.metrics.export.";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * In-process meters for summary.json, plus an OTLP registry when {@code management.otlp.metrics.export.url}
     * is set. A CronJob pod dies before any scrape, so the OTLP registry pushes when it closes, at exit.
     */
    @Bean(destroyMethod = "close")
    MeterRegistry meterRegistry(Environment environment) {
        CompositeMeterRegistry registry = new CompositeMeterRegistry();
        registry.add(new SimpleMeterRegistry());
        String url = environment.getProperty(OTLP_PREFIX + "url");
        if (url != null && !url.isBlank()) {
            registry.add(new OtlpMeterRegistry(otlpConfig(environment), io.micrometer.core.instrument.Clock.SYSTEM));
        }
        return registry;
    }

    /** Micrometer's OTLP keys ({@code otlp.url}, {@code otlp.resourceAttributes}, ...) as kebab-case under our prefix. */
    private static OtlpConfig otlpConfig(Environment environment) {
        return key -> {
            String name = key.substring(key.indexOf('.') + 1).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            String value = environment.getProperty(OTLP_PREFIX + name);
            if (value == null && "resource-attributes".equals(name)) {
                return "service.name=org-member-sync";
            }
            return value;
        };
    }
}
