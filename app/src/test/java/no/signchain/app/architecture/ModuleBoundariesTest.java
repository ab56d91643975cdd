package no.signchain.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled production classes of every module (the app module sees them all).
 * Maven's module graph already keeps most imports out; these rules also hold when someone adds a dependency to a
 * pom, or reaches a library that arrives transitively (Jackson 2 through the Temporal SDK, JDBC in the JDK).
 */
class ModuleBoundariesTest {

    private static JavaClasses signchain;

    @BeforeAll
    static void importProductionClasses() {
        signchain = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("no.signchain");
    }

    /** Workflow code is replayed: it must not reach the network, a database, or anything Spring decides. */
    @Test
    void workflowsUseNoSpringHttpJsonOrJdbc() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("no.signchain.workflows..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "okhttp3..",
                        "java.net.http..",
                        "jakarta.servlet..",
                        "java.net",
                        "com.fasterxml.jackson..",
                        "tools.jackson..",
                        "java.sql..",
                        "javax.sql..",
                        "org.postgresql..")
                .because("workflow code is replayed and must stay deterministic and free of I/O");
        rule.check(signchain);
    }

    /**
     * The one implementation of signchain's encryption (key ring, envelopes, keyed hash, payload codec) knows no
     * other signchain module, so every module can use it and it cannot leak what it protects into their code. Workflow
     * code never sees it: payloads are encrypted by the data converter, outside the replayed code.
     */
    @Test
    void protectionStandsAloneAndWorkflowsNeverSeeIt() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.protection..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "no.signchain.workflows..",
                        "no.signchain.store..",
                        "no.signchain.activities..",
                        "no.signchain.worker..",
                        "no.signchain.api..",
                        "no.signchain.simulator..")
                .check(signchain);
        noClasses()
                .that()
                .resideInAPackage("no.signchain.workflows..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("no.signchain.protection..")
                .check(signchain);
    }

    @Test
    void theApiNeverReachesActivitiesOrWorkers() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("no.signchain.activities..", "no.signchain.worker..", "no.signchain.simulator..")
                .because("the API starts workflows through the Temporal client and shares only the store with workers")
                .check(signchain);
    }

    @Test
    void theStoreKnowsNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "no.signchain.activities..",
                        "no.signchain.worker..",
                        "no.signchain.api..",
                        "no.signchain.simulator..")
                .check(signchain);
    }

    @Test
    void activitiesKnowNeitherTheApiNorTheWorkerProcess() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.activities..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("no.signchain.api..", "no.signchain.worker..")
                .check(signchain);
    }

    @Test
    void theWorkerProcessKnowsNothingOfTheApi() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.worker..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("no.signchain.api..")
                .check(signchain);
    }

    /** A stand-in that shared code with the client it stands in for would agree with it on every mistake. */
    @Test
    void theSimulatorSharesNoCodeWithSignchain() {
        noClasses()
                .that()
                .resideInAPackage("no.signchain.simulator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "no.signchain.workflows..",
                        "no.signchain.protection..",
                        "no.signchain.store..",
                        "no.signchain.activities..",
                        "no.signchain.worker..",
                        "no.signchain.api..",
                        "no.signchain.app..")
                .check(signchain);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "no.signchain.workflows..",
                        "no.signchain.protection..",
                        "no.signchain.store..",
                        "no.signchain.activities..",
                        "no.signchain.worker..",
                        "no.signchain.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("no.signchain.simulator..")
                .check(signchain);
    }

    /**
     * The local authorization server stands in for the business's own issuer: signchain trusts tokens, never the
     * server that made them, so production jars carry none of it.
     */
    @Test
    void onlyTheAllInOneAppEmbedsTheLocalAuthorizationServer() {
        noClasses()
                .that()
                .resideOutsideOfPackages("no.signchain.app..", "no.signchain.authserver..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("no.signchain.authserver..")
                .check(signchain);
        noClasses()
                .that()
                .resideInAPackage("no.signchain.authserver..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "no.signchain.workflows..",
                        "no.signchain.store..",
                        "no.signchain.activities..",
                        "no.signchain.worker..",
                        "no.signchain.api..",
                        "no.signchain.simulator..")
                .check(signchain);
    }

    /** The laptop launcher embeds everything; nothing may depend on it, or production jars would need it. */
    @Test
    void nothingDependsOnTheAllInOneApp() {
        noClasses()
                .that()
                .resideOutsideOfPackage("no.signchain.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("no.signchain.app..")
                .check(signchain);
    }
}
