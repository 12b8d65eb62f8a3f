package dev.keyless.tlog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.tlog.TlogIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every pooled connection plans each statement execution against the tables as they are (application.yaml):
 * a generic plan cached while the log was small would otherwise make the duplicate check and proof reads scan
 * the whole tree until the next ANALYZE, which never comes when autovacuum is off.
 */
class ConnectionSettingsIT extends TlogIntegrationTest {
    @Autowired
    DataSource dataSource;

    @Test
    void everyPooledConnectionUsesCustomPlans() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection c = dataSource.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("force_custom_plan");
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
