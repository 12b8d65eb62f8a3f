package dev.keyless.tlog.engine.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A {@link JdbcLogStore} over a database migrated like the service's, for tests that need one of their own. */
final class MigratedStores {
    private MigratedStores() {
    }

    static JdbcLogStore migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcLogStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }
}
