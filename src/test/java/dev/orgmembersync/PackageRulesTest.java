package dev.orgmembersync;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which package may import which (README "Development"). The client and the sandbox are kept apart so a
 * JSON mistake in one cannot be mirrored by the other and pass; the client knows nothing of Spring Batch so
 * it can be tested and reused without a job.
 */
class PackageRulesTest {

    private static final String APP = "dev.orgmembersync";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = ourClasses().importPath(classesOf(OrgMemberSyncApplication.class));
    }

    /**
     * Our own classes, without what Spring AOT generates into the same folder at {@code mvn package}
     * ({@code Ledger__BeanDefinitions}, {@code Ledger$$SpringCGLIB$$0}): those follow Spring's layout, not ours.
     */
    private static ClassFileImporter ourClasses() {
        return new ClassFileImporter().withImportOption(location -> !location.contains("__")
                && !location.contains("$$SpringCGLIB$$"));
    }

    /** The client is usable and testable without a job. */
    private static final ArchRule CLIENT_STANDS_ALONE = noClasses().that().resideInAPackage(APP + ".auth0..")
            .should().dependOnClassesThat().resideInAnyPackage(APP + ".csv..", APP + ".ledger..", APP + ".sync..",
                    APP + ".report..", APP + ".sandbox..", APP + ".config..", "org.springframework.batch..");

    /** The build's class folder (target/classes or target/test-classes): scanning the classpath takes long. */
    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void auth0ClientKnowsNoOtherPackageAndNoSpringBatch() {
        CLIENT_STANDS_ALONE.check(main);
    }

    @Test
    void sandboxNeverUsesTheClient() {
        noClasses().that().resideInAPackage(APP + ".sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage(APP + ".auth0..", APP + ".csv..",
                        APP + ".ledger..", APP + ".sync..", APP + ".report..", APP + ".config..")
                .check(main);
    }

    @Test
    void csvAndLedgerStandAlone() {
        noClasses().that().resideInAnyPackage(APP + ".csv..", APP + ".ledger..")
                .should().dependOnClassesThat().resideInAnyPackage(APP + ".auth0..", APP + ".sync..",
                        APP + ".report..", APP + ".sandbox..", APP + ".config..")
                .check(main);
    }

    @Test
    void reportOnlyReadsAndNeverDrivesTheJob() {
        noClasses().that().resideInAPackage(APP + ".report..")
                .should().dependOnClassesThat().resideInAnyPackage(APP + ".sync..", APP + ".sandbox..",
                        APP + ".csv..", APP + ".config..")
                .check(main);
    }

    @Test
    void onlyTheApplicationClassUsesTheCommandLine() {
        noClasses().that().resideInAPackage(APP + ".*..").and().resideOutsideOfPackage(APP + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(APP + ".cli..")
                .check(main);
    }

    /** At the jar's root, before Spring Boot's launcher has made the jar's libraries loadable, only the JDK is there. */
    @Test
    void theLauncherUsesOnlyTheJdk() {
        classes().that().resideInAPackage(APP + ".launch..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", APP + ".launch..")
                .check(main);
    }

    @Test
    void nothingImportsTheWiring() {
        noClasses().that().resideOutsideOfPackage(APP + ".config..").and().resideInAPackage(APP + ".*..")
                .should().dependOnClassesThat().resideInAPackage(APP + ".config..")
                .check(main);
    }

    /** One name, one class: the sandbox's twins of the client's types carry names of their own. */
    @Test
    void noTwoTopLevelClassesShareAName() {
        Map<String, List<String>> byName = main.stream()
                .filter(type -> type.getEnclosingClass().isEmpty() && !type.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName.values()).allSatisfy(classes -> assertThat(classes).hasSize(1));
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(APP + ".(*)..").should().beFreeOfCycles().check(main);
    }

    /** The rules can fail: a client class that imports the job is caught. */
    @Test
    void aViolatingImportIsCaught() {
        JavaClasses withViolation = ourClasses().importPaths(classesOf(OrgMemberSyncApplication.class),
                classesOf(PackageRulesTest.class));
        assertThatThrownBy(() -> CLIENT_STANDS_ALONE.check(withViolation)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("PackageRuleViolationSample");
    }
}
