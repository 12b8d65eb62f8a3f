package dev.keyless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseIT {
    @Test
    void sharedDatabaseIsFreshAndWritable() throws Exception {
        TestDatabase db = TestDatabase.shared();
        assertThat(db.jdbcUrl()).contains("/keyless_test_");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a fresh database has no tables").isZero();
            }
            s.execute("CREATE TABLE probe (x int)");
            s.execute("INSERT INTO probe VALUES (1)");
        }
        assertThat(TestDatabase.shared()).isSameAs(db);
    }
}
