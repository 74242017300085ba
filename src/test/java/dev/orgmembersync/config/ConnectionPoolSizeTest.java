package dev.orgmembersync.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The pool holds a connection for every worker plus the step's, the lock's and the progress line's. */
class ConnectionPoolSizeTest {

    /** The application's own application.properties, as the jar reads it, and an in-memory database. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withBean(ConnectionPoolSize.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:pool-size");

    @Test
    void shouldHoldMoreConnectionsThanWorkersWhenConcurrencyIsTheDefault() {
        context.run(started -> assertThat(started.getBean(HikariDataSource.class).getMaximumPoolSize())
                .isEqualTo(32 + ConnectionPoolSize.BESIDES_WORKERS));
    }

    @Test
    void shouldFollowSyncConcurrencyWhenItIsSet() {
        context.withPropertyValues("sync.concurrency=100")
                .run(started -> assertThat(started.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(106));
    }

    @Test
    void shouldKeepHikarisDefaultWhenThereAreFewWorkers() {
        context.withPropertyValues("sync.concurrency=1")
                .run(started -> assertThat(started.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(10));
    }

    @Test
    void shouldKeepAnExplicitPoolSizeWhenTheUserSetOne() {
        context.withPropertyValues("sync.concurrency=100", "spring.datasource.hikari.maximumPoolSize=7")
                .run(started -> assertThat(started.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(7));
    }
}
