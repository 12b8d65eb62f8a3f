package dev.keyless.tlog.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The house rules for tlog-service, checked on its main classes (docs/architecture.md, "House rules checked by the
 * build"). Each failure message names the rule it enforces.
 */
class TlogHouseRulesTest {
    private static final JavaClasses TLOG = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyless.tlog");

    @Test
    void onlyJdbcPackagesUseJdbc() {
        noClasses().that().resideOutsideOfPackage("..jdbc..")
                .should().accessClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..")
                .because("house rule 5: SQL only in Flyway migrations and the Jdbc* classes of a jdbc package")
                .check(TLOG);
    }

    @Test
    void webClassesNeverReachJdbc() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .or().areAnnotatedWith(RestControllerAdvice.class).or().areAnnotatedWith(ControllerAdvice.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..", "..jdbc..")
                .because("house rule 8: controllers are thin; storage sits behind its port (house rule 4)")
                .check(TLOG);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.keyless.tlog.(*)..").should().beFreeOfCycles()
                .because("house rule 7: one home per concern, no package cycles")
                .check(TLOG);
    }
}
