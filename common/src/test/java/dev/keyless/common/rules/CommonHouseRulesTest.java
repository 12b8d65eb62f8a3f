package dev.keyless.common.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * The house rules for {@code common}, checked on its main classes (docs/architecture.md, "House rules checked by the
 * build"). Each failure message names the rule it enforces.
 */
class CommonHouseRulesTest {
    private static final JavaClasses COMMON = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyless.common");

    @Test
    void commonDependsOnTheJdkBouncyCastleAndItsJsonCanonicalizationOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.keyless.common..", "java..", "javax..",
                        "org.bouncycastle..", "org.erdtman.jcs..")
                .because("house rule 1: common is pure (JDK and Bouncy Castle only: no Spring, no JDBC, no JSON mappers)")
                .check(COMMON);
    }

    @Test
    void commonNeverReadsTheClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callConstructor(Date.class)
                .because("house rule 1: common takes the time as an argument (no clock reads), so results are reproducible")
                .check(COMMON);
    }

    @Test
    void commonHasNoGlobalState() {
        fields().that().areStatic()
                .should().beFinal()
                .because("house rule 1: common has no global state (static fields are constants)")
                .check(COMMON);
    }

    @Test
    void commonHasNoPackageCycles() {
        slices().matching("dev.keyless.common.(*)..").should().beFreeOfCycles()
                .because("house rule 7: one home per concern, no package cycles")
                .check(COMMON);
    }
}
