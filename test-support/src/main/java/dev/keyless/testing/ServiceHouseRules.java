package dev.keyless.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The house rules each service checks on its own main classes (docs/architecture.md, "House rules checked by the
 * build"), written once. Each failure message names the rule it enforces.
 */
public final class ServiceHouseRules {
    private ServiceHouseRules() {
    }

    /** The main classes under {@code basePackage}. */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage);
    }

    public static void onlyJdbcPackagesUseJdbc(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackage("..jdbc..")
                .should().accessClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..")
                .because("house rule 5: SQL only in Flyway migrations and the Jdbc* classes of a jdbc package")
                .check(classes);
    }

    public static void webClassesNeverReachJdbc(JavaClasses classes) {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .or().areAnnotatedWith(RestControllerAdvice.class).or().areAnnotatedWith(ControllerAdvice.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..", "..jdbc..")
                .because("house rule 8: controllers are thin; storage sits behind its port (house rule 4)")
                .check(classes);
    }

    /** No cycles between the packages directly under {@code basePackage} (each with its subpackages). */
    public static void noPackageCycles(JavaClasses classes, String basePackage) {
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles()
                .because("house rule 7: one home per concern, no package cycles")
                .check(classes);
    }
}
