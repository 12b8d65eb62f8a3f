package dev.keyless.ca.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.keyless.testing.ServiceHouseRules;
import org.junit.jupiter.api.Test;

/** The house rules for ca-service, checked on its main classes ({@link ServiceHouseRules}). */
class CaHouseRulesTest {
    private static final String BASE = "dev.keyless.ca";
    private static final JavaClasses CA = ServiceHouseRules.mainClasses(BASE);

    @Test
    void onlyJdbcPackagesUseJdbc() {
        ServiceHouseRules.onlyJdbcPackagesUseJdbc(CA);
    }

    @Test
    void webClassesNeverReachJdbc() {
        ServiceHouseRules.webClassesNeverReachJdbc(CA);
    }

    @Test
    void noPackageCycles() {
        ServiceHouseRules.noPackageCycles(CA, BASE);
    }

    @Test
    void jsonMapperAndHttpClientsBuiltOnlyInWire() {
        ServiceHouseRules.jsonMappersAndHttpClientsBuiltOnlyIn(CA, JavaClass.Predicates.resideInAPackage(BASE + ".wire"));
    }
}
