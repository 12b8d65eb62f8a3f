package dev.keyless.tlog.rules;

import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.keyless.testing.ServiceHouseRules;
import org.junit.jupiter.api.Test;

/** The house rules for tlog-service, checked on its main classes ({@link ServiceHouseRules}). */
class TlogHouseRulesTest {
    private static final String BASE = "dev.keyless.tlog";
    private static final JavaClasses TLOG = ServiceHouseRules.mainClasses(BASE);

    @Test
    void onlyJdbcPackagesUseJdbc() {
        ServiceHouseRules.onlyJdbcPackagesUseJdbc(TLOG);
    }

    @Test
    void webClassesNeverReachJdbc() {
        ServiceHouseRules.webClassesNeverReachJdbc(TLOG);
    }

    @Test
    void noPackageCycles() {
        ServiceHouseRules.noPackageCycles(TLOG, BASE);
    }

    /** tlog-service makes no outbound calls; its one mapper of its own reads nested Rekor JSON ({@code rekor.Json}). */
    @Test
    void jsonMapperBuiltOnlyInRekorJson() {
        ServiceHouseRules.jsonMappersAndHttpClientsBuiltOnlyIn(TLOG,
                HasName.Predicates.name(BASE + ".rekor.Json"));
    }
}
