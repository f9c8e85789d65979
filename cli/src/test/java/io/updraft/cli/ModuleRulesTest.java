package io.updraft.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.updraft.core.run.DatabaseUnreachable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module plan, checked on the compiled main classes of every module (this module sees them
 * all): core is the vocabulary and knows no adapter; the runnable modules reach the adapters only
 * through core's ports, wired here in cli.
 */
class ModuleRulesTest {
  private static final String[] OTHER_MODULES = {
    "io.updraft.sql..",
    "io.updraft.queue..",
    "io.updraft.hooks..",
    "io.updraft.scheduler..",
    "io.updraft.worker..",
    "io.updraft.api..",
    "io.updraft.dags..",
    "io.updraft.cli..",
    "io.updraft.testing..",
    "io.updraft.bench.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.updraft");
  }

  @Test
  void core_depends_on_no_other_updraft_module() {
    noClasses()
        .that()
        .resideInAPackage("io.updraft.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(OTHER_MODULES)
        .check(classes);
  }

  @Test
  void core_uses_no_database_access_library_redis_client_or_web_server() {
    noClasses()
        .that()
        .resideInAPackage("io.updraft.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.jooq..",
            "org.flywaydb..",
            "com.zaxxer.hikari..",
            "org.postgresql..",
            "javax.sql..",
            "redis.clients..",
            "io.javalin..")
        .check(classes);
  }

  @Test
  void only_the_classifier_of_unreachable_databases_in_core_reads_jdbc_exceptions() {
    // It reads SQLState from an exception's causes; it opens no connection.
    noClasses()
        .that()
        .resideInAPackage("io.updraft.core..")
        .and()
        .doNotBelongToAnyOf(DatabaseUnreachable.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.sql..")
        .check(classes);
  }

  @Test
  void the_api_reaches_storage_and_queues_only_through_core_ports() {
    noClasses()
        .that()
        .resideInAPackage("io.updraft.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.updraft.sql..",
            "io.updraft.queue..",
            "org.jooq..",
            "org.flywaydb..",
            "com.zaxxer.hikari..",
            "org.postgresql..",
            "redis.clients..")
        .check(classes);
  }

  @Test
  void no_runnable_module_depends_on_another() {
    noClasses()
        .that()
        .resideInAPackage("io.updraft.scheduler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.updraft.worker..", "io.updraft.api..", "io.updraft.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.updraft.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.updraft.scheduler..", "io.updraft.api..", "io.updraft.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.updraft.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.updraft.scheduler..", "io.updraft.worker..", "io.updraft.cli..")
        .check(classes);
  }

  @Test
  void the_packages_of_core_form_no_cycle() {
    slices().matching("io.updraft.core.(*)..").should().beFreeOfCycles().check(classes);
  }
}
