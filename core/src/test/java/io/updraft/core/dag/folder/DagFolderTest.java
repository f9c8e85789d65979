package io.updraft.core.dag.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagFileError;
import io.updraft.core.dag.DagLoadError;
import io.updraft.core.dag.DagNotLoadedException;
import io.updraft.core.dag.LoadedDag;
import io.updraft.core.dag.Task;
import io.updraft.testing.DagJarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DagFolder} on real jars, compiled here as a user's build would make them. */
class DagFolderTest {
  private static final Dag CLASS_PATH_DAG =
      Dag.builder("from_class_path").task(Task.bash("a", "true")).build();

  @TempDir Path work;
  @TempDir Path folder;
  private DagJarBuilder jars;
  private final Set<String> inUse = new HashSet<>();
  private DagFolder dags;

  @BeforeEach
  void builder() {
    jars = new DagJarBuilder(work);
  }

  @AfterEach
  void close() {
    if (dags != null) {
      dags.close();
    }
  }

  private DagFolder open(Duration keepRetired) {
    dags =
        new DagFolder(
            DagBag.of(CLASS_PATH_DAG),
            folder,
            getClass().getClassLoader(),
            () -> Set.copyOf(inUse),
            Clock.systemUTC(),
            keepRetired);
    return dags;
  }

  /** A jar with one DAG whose description tells its version apart. */
  private byte[] helloJar(String description) {
    return jars.bytes(
        "Hello",
        "List.of(Dag.builder(\"hello\").description(\""
            + description
            + "\").task(Task.bash(\"a\", \"true\")).build())");
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(folder.resolve(name), bytes);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void a_jar_in_the_folder_adds_its_dags_to_the_class_paths_with_its_sha256_as_version()
      throws Exception {
    byte[] v1 = helloJar("v1");
    write("hello.jar", v1);

    open(Duration.ZERO);

    assertThat(dags.current().byId().get("hello"))
        .isEqualTo(
            new LoadedDag(dags.current().get("hello").orElseThrow(), sha256(v1), "hello.jar"));
    assertThat(dags.current().byId().get("from_class_path").codeVersion()).isNull();
    assertThat(dags.current().errors()).isEmpty();
    assertThat(dags.dag("hello", sha256(v1)).description()).isEqualTo("v1");
  }

  @Test
  void a_new_jar_is_loaded_once_its_size_and_time_stayed_the_same_for_one_scan() throws Exception {
    open(Duration.ZERO);
    write("hello.jar", helloJar("v1"));

    assertThat(dags.runOnce()).as("first seen: perhaps still being copied").isFalse();
    assertThat(dags.current().get("hello")).isEmpty();

    assertThat(dags.runOnce()).isTrue();
    assertThat(dags.current().get("hello")).isPresent();
    assertThat(dags.runOnce()).as("nothing changed").isFalse();
  }

  @Test
  void a_jar_replaced_in_place_serves_its_new_code_and_the_old_version_to_the_runs_made_from_it()
      throws Exception {
    byte[] v1 = helloJar("v1");
    byte[] v2 = helloJar("v2");
    write("hello.jar", v1);
    open(Duration.ofHours(1));

    write("hello.jar", v2);
    dags.runOnce();
    dags.runOnce();

    assertThat(dags.current().byId().get("hello").codeVersion()).isEqualTo(sha256(v2));
    assertThat(dags.dag("hello", null).description()).isEqualTo("v2");
    assertThat(dags.dag("hello", sha256(v2)).description()).isEqualTo("v2");
    assertThat(dags.dag("hello", sha256(v1)).description()).isEqualTo("v1");
  }

  @Test
  void a_replaced_version_is_unloaded_once_no_unfinished_run_uses_it() throws Exception {
    byte[] v1 = helloJar("v1");
    write("hello.jar", v1);
    open(Duration.ZERO);
    inUse.add(sha256(v1));

    Files.delete(folder.resolve("hello.jar"));
    write("hello2.jar", helloJar("v2"));
    dags.runOnce();
    dags.runOnce();
    assertThat(dags.dag("hello", sha256(v1)).description()).isEqualTo("v1");

    inUse.clear();
    dags.runOnce();
    assertThatThrownBy(() -> dags.dag("hello", sha256(v1)))
        .isInstanceOf(DagNotLoadedException.class);
  }

  @Test
  void a_version_this_process_never_loaded_is_an_error_that_says_what_happened_and_what_to_do()
      throws Exception {
    byte[] v2 = helloJar("v2");
    write("hello.jar", v2);
    open(Duration.ZERO);
    String neverSeen = sha256(helloJar("v1"));

    assertThatThrownBy(() -> dags.dag("hello", neverSeen))
        .isInstanceOf(DagNotLoadedException.class)
        .hasMessageContaining("DAG 'hello'")
        .hasMessageContaining("version " + neverSeen.substring(0, 12))
        .hasMessageContaining(sha256(v2).substring(0, 12) + " in hello.jar")
        .hasMessageContaining("replaced or removed before this process loaded that version")
        .hasMessageContaining("trigger a new run");
  }

  @Test
  void a_broken_jar_is_reported_and_the_dags_of_the_other_jars_stay() throws Exception {
    write("hello.jar", helloJar("v1"));
    open(Duration.ZERO);

    write("broken.jar", "not a jar at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    jars.build(
        folder.resolve("loopy.jar"),
        "Loopy",
        "List.of(Dag.builder(\"loopy\").task(Task.bash(\"x\", \"true\").after(\"y\"))"
            + ".task(Task.bash(\"y\", \"true\").after(\"x\")).build())");
    dags.runOnce();
    dags.runOnce();

    assertThat(dags.current().dags())
        .extracting(Dag::id)
        .containsExactlyInAnyOrder("from_class_path", "hello");
    assertThat(dags.current().errors())
        .extracting(DagLoadError::toString)
        .anySatisfy(e -> assertThat(e).startsWith("broken.jar: ").contains("not a readable jar"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("loopy.jar: acme.Loopy (DAG 'loopy')")
                    .contains("cycle: x -> y -> x"));
  }

  @Test
  void a_replacement_that_does_not_load_leaves_the_previous_version_of_that_jar_loaded()
      throws Exception {
    byte[] v1 = helloJar("v1");
    write("hello.jar", v1);
    open(Duration.ZERO);

    write(
        "hello.jar",
        jars.bytes(
            "Hello",
            "List.of(Dag.builder(\"hello\").task(Task.bash(\"a\", \"true\").after(\"nope\"))"
                + ".build())"));
    dags.runOnce();
    dags.runOnce();

    assertThat(dags.current().byId().get("hello").codeVersion()).isEqualTo(sha256(v1));
    assertThat(dags.current().errors())
        .extracting(DagLoadError::toString)
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("hello.jar: version ")
                    .contains("is not deployed: version " + sha256(v1).substring(0, 12)));

    write("hello.jar", v1);
    dags.runOnce();
    dags.runOnce();
    assertThat(dags.current().errors()).as("the good version copied back").isEmpty();
  }

  @Test
  void each_failing_file_has_one_error_text_naming_its_version_and_every_problem_in_it()
      throws Exception {
    write("a.jar", helloJar("from a"));
    write(
        "b.jar",
        jars.bytes(
            "Other", "List.of(Dag.builder(\"hello\").task(Task.bash(\"a\", \"true\")).build())"));
    byte[] loopy =
        jars.bytes(
            "Loopy",
            "List.of(Dag.builder(\"loopy\").task(Task.bash(\"x\", \"true\").after(\"y\"))"
                + ".task(Task.bash(\"y\", \"true\").after(\"x\")).build())");
    write("loopy.jar", loopy);

    open(Duration.ZERO);

    assertThat(dags.current().fileErrors())
        .extracting(DagFileError::file)
        .containsExactly("b.jar", "loopy.jar");
    DagFileError loopyError = dags.current().fileErrors().get(1);
    assertThat(loopyError.codeVersion()).isEqualTo(sha256(loopy));
    assertThat(loopyError.message().lines())
        .containsExactly(
            "loopy.jar: version "
                + sha256(loopy).substring(0, 12)
                + " is not deployed: none of its DAGs are loaded; fix the errors that follow and"
                + " copy the jar again",
            dags.current().errors().getLast().toString());
    assertThat(loopyError.message()).contains("cycle: x -> y -> x");

    Files.delete(folder.resolve("loopy.jar"));
    Files.delete(folder.resolve("b.jar"));
    dags.runOnce();

    assertThat(dags.current().fileErrors()).isEmpty();
  }

  @Test
  void a_removed_jar_takes_its_dags_away() throws Exception {
    write("hello.jar", helloJar("v1"));
    open(Duration.ZERO);

    Files.delete(folder.resolve("hello.jar"));

    assertThat(dags.runOnce()).isTrue();
    assertThat(dags.current().get("hello")).isEmpty();
    assertThat(dags.current().get("from_class_path")).isPresent();
  }

  @Test
  void a_dag_id_defined_twice_keeps_the_first_and_names_both() throws Exception {
    write("a.jar", helloJar("from a"));
    write(
        "b.jar",
        jars.bytes(
            "Other", "List.of(Dag.builder(\"hello\").task(Task.bash(\"a\", \"true\")).build())"));

    open(Duration.ZERO);

    assertThat(dags.dag("hello", null).description()).isEqualTo("from a");
    assertThat(dags.current().errors())
        .extracting(DagLoadError::toString)
        .containsExactly(
            "b.jar (DAG 'hello'): the DAG id is also defined by a.jar, whose DAG is the one"
                + " loaded; rename one of them");
  }

  @Test
  void only_jars_count_and_a_missing_folder_is_an_error_naming_the_setting() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), "not a jar");
    write(".hidden.jar", helloJar("v1"));

    assertThat(open(Duration.ZERO).current().dags())
        .extracting(Dag::id)
        .containsExactly("from_class_path");
    assertThatThrownBy(
            () ->
                new DagFolder(
                    DagBag.of(),
                    folder.resolve("missing"),
                    getClass().getClassLoader(),
                    Set::of,
                    Clock.systemUTC(),
                    Duration.ZERO))
        .hasMessageContaining("dags.folder");
  }
}
