package dev.keyless.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestDatabaseTest {
    @Test
    void replaceDatabaseKeepsHostPortAndParameters() {
        assertThat(TestDatabase.replaceDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "t1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/t1");
        assertThat(TestDatabase.replaceDatabase("jdbc:postgresql://db:5433/x?user=a&ssl=false", "t2"))
                .isEqualTo("jdbc:postgresql://db:5433/t2?user=a&ssl=false");
        assertThat(TestDatabase.replaceDatabase("jdbc:postgresql://db", "t3")).isEqualTo("jdbc:postgresql://db/t3");
        assertThatThrownBy(() -> TestDatabase.replaceDatabase("jdbc:mysql://db/x", "t")).hasMessageContaining("must start with");
    }
}
