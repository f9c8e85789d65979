package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft init}: what it writes, and what it refuses. (DagProjectEndToEndTest builds it.)
 */
class InitCommandTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path temp;

  @Test
  void init_writes_a_dag_its_registration_its_test_a_pom_on_the_bom_and_the_maven_wrapper()
      throws Exception {
    Path dir = temp.resolve("sales-dags");

    CliRun init = CliRun.of("init", dir.toString());

    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("sales_dags_hello", "scripts/install-local", "./mvnw package");
    String version = DagProjectFiles.buildVersions().get("updraft.version");
    assertThat(Files.readString(dir.resolve("pom.xml")))
        .contains("<artifactId>sales-dags</artifactId>")
        .contains("<updraft.version>" + version + "</updraft.version>")
        .contains("<artifactId>updraft-bom</artifactId>")
        .doesNotContain("@@");
    assertThat(
            Files.readString(
                dir.resolve(
                    "src/main/resources/META-INF/services/io.updraft.core.dag.DagProvider")))
        .isEqualTo("com.example.salesdags.HelloDag\n");
    assertThat(Files.readString(dir.resolve("src/main/java/com/example/salesdags/HelloDag.java")))
        .startsWith("package com.example.salesdags;")
        .contains("\"sales_dags_hello\"");
    assertThat(dir.resolve("src/test/java/com/example/salesdags/HelloDagTest.java")).exists();
    assertThat(dir.resolve("README.md")).content().contains("target/sales-dags.jar");
    assertThat(dir.resolve("mvnw")).isExecutable().hasSameTextualContentAs(ROOT.resolve("mvnw"));
    assertThat(dir.resolve(".mvn/wrapper/maven-wrapper.properties"))
        .hasSameTextualContentAs(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"));
  }

  @Test
  void a_dag_projects_updraft_dependencies_are_provided_and_its_test_helper_test_scoped()
      throws Exception {
    Path dir = temp.resolve("p");
    assertThat(CliRun.of("init", dir.toString()).exitCode()).isZero();

    String pom = Files.readString(dir.resolve("pom.xml"));

    assertThat(scopeOf(pom, "updraft-core")).isEqualTo("provided");
    assertThat(scopeOf(pom, "updraft-hooks")).isEqualTo("provided");
    assertThat(scopeOf(pom, "updraft-worker")).isEqualTo("test");
    assertThat(Files.readString(ROOT.resolve("bom/pom.xml")))
        .as("the BOM pins every Updraft artifact the project uses")
        .contains(
            "<artifactId>updraft-core</artifactId>",
            "<artifactId>updraft-hooks</artifactId>",
            "<artifactId>updraft-worker</artifactId>");
  }

  @Test
  void a_directory_that_is_not_empty_is_refused_and_left_as_it_was() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("taken"));
    Files.writeString(dir.resolve("notes.txt"), "mine");

    CliRun init = CliRun.of("init", dir.toString());

    assertThat(init.exitCode()).isEqualTo(2);
    assertThat(init.err()).contains(dir.toString(), "is not empty", "new directory");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("notes.txt"));
    }
  }

  @Test
  void an_empty_directory_is_used() {
    assertThat(CliRun.of("init", temp.toString(), "--name", "empty-ok").exitCode()).isZero();
    assertThat(temp.resolve("pom.xml")).exists();
  }

  @Test
  void a_name_that_cannot_be_an_artifact_id_is_refused_saying_how_to_name_it() {
    CliRun fromDir = CliRun.of("init", temp.resolve("My Dags").toString());
    CliRun given = CliRun.of("init", temp.resolve("x").toString(), "--name", "a</artifactId>");

    assertThat(fromDir.exitCode()).isEqualTo(2);
    assertThat(fromDir.err()).contains("'My Dags' is not a valid project name", "--name");
    assertThat(given.exitCode()).isEqualTo(2);
    assertThat(given.err()).contains("is not a valid project name");
    assertThat(temp.resolve("My Dags")).doesNotExist();
    assertThat(temp.resolve("x")).doesNotExist();
  }

  @Test
  void a_package_or_group_id_that_java_or_maven_would_reject_is_refused() {
    CliRun keyword =
        CliRun.of("init", temp.resolve("a").toString(), "--package", "com.example.class");
    CliRun injected =
        CliRun.of("init", temp.resolve("b").toString(), "--package", "x; import evil.*");
    CliRun group = CliRun.of("init", temp.resolve("c").toString(), "--group-id", "Com..Example");

    assertThat(keyword.exitCode()).isEqualTo(2);
    assertThat(keyword.err()).contains("'com.example.class' is not a valid Java package");
    assertThat(injected.exitCode()).isEqualTo(2);
    assertThat(group.exitCode()).isEqualTo(2);
    assertThat(group.err()).contains("is not a valid group id");
  }

  private static String scopeOf(String pom, String artifactId) {
    Matcher m =
        Pattern.compile("<artifactId>" + artifactId + "</artifactId>\\s*<scope>([a-z]+)</scope>")
            .matcher(pom);
    assertThat(m.find()).as(artifactId + " with a scope in the generated pom").isTrue();
    return m.group(1);
  }
}
