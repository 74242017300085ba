package dev.orgmembersync.config;

import com.zaxxer.hikari.HikariDataSource;

import dev.orgmembersync.sync.SyncProperties;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sizes the connection pool from {@code sync.concurrency}: every worker records its answer in the ledger, so
 * a smaller pool makes calls that Auth0 has answered wait for a connection. An explicit
 * {@code spring.datasource.hikari.maximum-pool-size} (any source: file, option, environment) still wins.
 */
@Component
class ConnectionPoolSize implements BeanPostProcessor, EnvironmentAware {

    static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";
    /**
     * Besides the workers: the transactions of the three steps that run side by side (snapshot, adds, verify), the
     * run lock, the progress line's query, one spare.
     */
    static final int BESIDES_WORKERS = 6;
    /** Hikari's own default: with a few workers, Spring Batch and the rest keep their headroom. */
    static final int AT_LEAST = 10;

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource) {
            Binder binder = Binder.get(environment);
            if (!binder.bind(POOL_SIZE, Integer.class).isBound()) {
                int workers = binder.bindOrCreate("sync", SyncProperties.class).concurrency();
                dataSource.setMaximumPoolSize(Math.max(AT_LEAST, workers + BESIDES_WORKERS));
            }
        }
        return bean;
    }
}
