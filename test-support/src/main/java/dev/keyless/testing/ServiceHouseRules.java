package dev.keyless.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
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

    /**
     * No JSON mapper or HTTP client is built outside {@code home}, the one place the service builds them: every
     * document is then read with the same strictness and every outbound call made with the same safeguards.
     */
    public static void jsonMappersAndHttpClientsBuiltOnlyIn(JavaClasses classes, DescribedPredicate<? super JavaClass> home) {
        noClasses().that(DescribedPredicate.not(home)).should().callCodeUnitWhere(BUILDS_MAPPER_OR_CLIENT)
                .because("house rule 7: one home per concern; a service builds its JSON mapper and HTTP clients in one "
                        + "place")
                .check(classes);
    }

    private static final DescribedPredicate<JavaCall<?>> BUILDS_MAPPER_OR_CLIENT =
            new DescribedPredicate<>("build a JSON mapper or an HTTP client") {
                @Override
                public boolean test(JavaCall<?> call) {
                    String name = call.getTarget().getName();
                    return switch (call.getTarget().getOwner().getName()) {
                        case "tools.jackson.databind.json.JsonMapper" -> name.equals("builder") || name.equals("<init>");
                        case "tools.jackson.databind.ObjectMapper", "com.fasterxml.jackson.databind.ObjectMapper",
                                "org.springframework.web.client.RestTemplate" -> name.equals("<init>");
                        case "java.net.http.HttpClient" -> name.equals("newBuilder") || name.equals("newHttpClient");
                        case "org.apache.hc.client5.http.impl.classic.HttpClients",
                                "org.apache.hc.client5.http.impl.classic.HttpClientBuilder",
                                "org.springframework.web.client.RestClient" -> name.equals("custom")
                                || name.startsWith("create") || name.equals("builder");
                        default -> false;
                    };
                }
            };
}
