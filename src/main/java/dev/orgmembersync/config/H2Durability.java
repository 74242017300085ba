package dev.orgmembersync.config;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Adds {@code WRITE_DELAY=0} to any H2 file URL, the user's included: by default H2 writes commits up to a
 * second late, so a {@code kill -9} would forget batches the ledger had confirmed and they would be sent again.
 */
@Component
class H2Durability implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
                && dataSource.getJdbcUrl().startsWith("jdbc:h2:file:")
                && !dataSource.getJdbcUrl().toUpperCase().contains("WRITE_DELAY")) {
            dataSource.setJdbcUrl(dataSource.getJdbcUrl() + ";WRITE_DELAY=0");
        }
        return bean;
    }
}
