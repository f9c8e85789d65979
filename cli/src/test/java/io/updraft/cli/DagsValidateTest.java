package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft dags validate} on real jars, compiled here as a user's build would make them. */
class DagsValidateTest {
  @TempDir Path dir;

  private Path jarWith(String className, String body) throws Exception {
    Path src = dir.resolve("src/acme/" + className + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package acme;\nimport io.updraft.core.dag.*;\nimport java.util.List;\n"
            + "public final class "
            + className
            + " implements DagProvider {\n"
            + "  public List<Dag> dags() { return List.of("
            + body
            + "); }\n}\n");
    Path classes = dir.resolve("classes-" + className);
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                src.toString());
    assertThat(compiled).isZero();
    Path jar = dir.resolve(className + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("acme/" + className + ".class"));
      out.write(Files.readAllBytes(classes.resolve("acme/" + className + ".class")));
      out.putNextEntry(new JarEntry("META-INF/services/io.updraft.core.dag.DagProvider"));
      out.write(("acme." + className + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static CliRun validate(String... paths) {
    String[] args = new String[paths.length + 2];
    args[0] = "dags";
    args[1] = "validate";
    System.arraycopy(paths, 0, args, 2, paths.length);
    return CliRun.of(args);
  }

  @Test
  void a_jar_of_valid_dags_passes_and_only_its_own_dags_are_listed() throws Exception {
    Path jar =
        jarWith(
            "Good",
            "Dag.builder(\"acme_daily\").schedule(\"@daily\").task(Task.bash(\"a\", \"true\")).build()");

    CliRun result = validate(jar.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("OK    acme_daily (1 tasks)").doesNotContain("example_hello");
  }

  @Test
  void a_folder_with_a_broken_dag_fails_and_names_the_class_the_dag_and_the_cycle()
      throws Exception {
    jarWith("Good", "Dag.builder(\"acme_daily\").task(Task.bash(\"a\", \"true\")).build()");
    jarWith(
        "Loopy",
        "Dag.builder(\"acme_loop\").task(Task.bash(\"x\", \"true\").after(\"y\")).task(Task.bash(\"y\", \"true\").after(\"x\")).build()");

    CliRun result = validate(dir.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(List.of(result.out().split("\n")))
        .contains("OK    acme_daily (1 tasks)")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("ERROR acme.Loopy (DAG 'acme_loop')")
                    .contains("cycle: x -> y -> x"));
  }

  @Test
  void a_path_without_jars_is_bad_input() {
    assertThat(validate(dir.toString()).exitCode()).isEqualTo(2);
  }
}
