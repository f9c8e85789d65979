package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.updraft.testing.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bash tasks run for real, outside a worker: what reaches the shell, and what dies with it. */
class BashOperatorTest {
  @TempDir Path dir;

  private static BashOperator bash(Task task) {
    return (BashOperator) task.operator();
  }

  @Test
  void hostile_run_ids_and_conf_values_passed_in_env_are_echoed_verbatim_and_never_run()
      throws Exception {
    Path quoted = Path.of("/tmp/pwned-" + UUID.randomUUID());
    Path substituted = Path.of("/tmp/pwned-" + UUID.randomUUID());
    String runId = "x'; touch " + quoted + "; echo '";
    String who = "$(touch " + substituted + ")`touch " + substituted + "`";
    BashTestContext context = new BashTestContext(runId, Map.of("who", who), Map.of());
    Task task =
        Task.bash("shell", "echo \"$RUN_ID\"; echo \"$WHO\"; echo $WHO")
            .env(Map.of("RUN_ID", "{{ run_id }}"))
            .env("WHO", "{{ conf.who }}");

    bash(task).execute(context);

    assertThat(context.lines()).containsExactly(runId, who, who);
    assertThat(quoted).doesNotExist();
    assertThat(substituted).doesNotExist();
  }

  @Test
  void a_bash_task_gets_the_allow_listed_variables_its_context_and_its_env_and_nothing_else() {
    Map<String, String> worker =
        Map.ofEntries(
            Map.entry("PATH", "/opt/bin:/usr/bin:/bin"),
            Map.entry("HOME", "/home/updraft"),
            Map.entry("LANG", "C.UTF-8"),
            Map.entry("LC_TIME", "de_DE.UTF-8"),
            Map.entry("UPDRAFT_SECRETS__FERNET_KEY", "k3yk3yk3y"),
            Map.entry("UPDRAFT_DATABASE__PASSWORD", "db-secret"),
            Map.entry("UPDRAFT_SECRETS__VAULT__SECRET_ID", "vault-secret"),
            Map.entry("UPDRAFT_CONN_WAREHOUSE", "postgres://etl:pw@db/dw"),
            Map.entry("UPDRAFT_VAR_API_KEY", "api-secret"),
            Map.entry("VAULT_TOKEN", "s.token"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws-secret"),
            Map.entry("JAVA_TOOL_OPTIONS", "-Dx=y"));
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());

    Map<String, String> env = TaskEnvironment.of(worker, context, Map.of("TABLE", "sales"));

    assertThat(env)
        .containsOnly(
            Map.entry("PATH", "/opt/bin:/usr/bin:/bin"),
            Map.entry("HOME", "/home/updraft"),
            Map.entry("LANG", "C.UTF-8"),
            Map.entry("LC_TIME", "de_DE.UTF-8"),
            Map.entry("TABLE", "sales"),
            Map.entry("UPDRAFT_CTX_DAG_ID", "bash_safety"),
            Map.entry("UPDRAFT_CTX_TASK_ID", "shell"),
            Map.entry("UPDRAFT_CTX_RUN_ID", "manual__1"),
            Map.entry("UPDRAFT_CTX_TRY_NUMBER", "1"));
  }

  @Test
  void the_process_of_a_bash_task_sees_exactly_its_environment() throws Exception {
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());

    bash(Task.bash("shell", "env | cut -d= -f1 | sort").env("TABLE", "sales")).execute(context);

    // bash itself adds PWD, SHLVL and _; nothing of the test JVM's own environment gets through.
    assertThat(context.lines())
        .allMatch(
            name ->
                TaskEnvironment.INHERITED.contains(name)
                    || name.startsWith("LC_")
                    || name.startsWith("UPDRAFT_CTX_")
                    || Map.of("TABLE", 1, "PWD", 1, "SHLVL", 1, "_", 1).containsKey(name),
            "an allowed name")
        .contains("PATH", "TABLE", "UPDRAFT_CTX_RUN_ID");
  }

  @Test
  void env_names_must_be_variable_names_and_may_not_replace_the_context() {
    Task task = Task.bash("shell", "true");

    assertThatThrownBy(() -> task.env("1ST", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1ST' is not a variable name");
    assertThatThrownBy(() -> task.env("UPDRAFT_CTX_RUN_ID", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set by Updraft");
    assertThatThrownBy(() -> task.env("A", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'A' has no value");
    assertThatThrownBy(() -> Task.java("j", ctx -> null).env("A", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env(...) is for Bash tasks");
    assertThat(task.env("A", "{{ ds }}").env("B", "2").operator().describe())
        .isEqualTo(Map.of("bash_command", "true", "env", Map.of("A", "{{ ds }}", "B", "2")));
  }

  @Test
  void a_failing_command_fails_with_its_exit_code_after_its_output_is_logged() {
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());

    assertThatThrownBy(
            () -> bash(Task.bash("shell", "echo out; echo err >&2; exit 3")).execute(context))
        .isInstanceOf(BashOperator.BashCommandFailedException.class)
        .hasMessageContaining("exited with code 3");
    assertThat(context.lines()).containsExactlyInAnyOrder("out", "err");
  }

  @Test
  @Timeout(30)
  void a_command_that_ends_takes_what_it_left_running_in_the_background_with_it() throws Exception {
    Path child = dir.resolve("child.pid");
    Path orphan = dir.resolve("orphan.pid");
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());

    Object last =
        bash(Task.bash(
                    "shell",
                    "sleep 300 & echo $! > \"$DIR/child.pid\";"
                        + " (sleep 300 & echo $! > \"$DIR/orphan.pid\"); echo done")
                .env("DIR", dir.toString()))
            .execute(context);

    assertThat(last).isEqualTo("done");
    await().atMost(Duration.ofSeconds(3)).until(() -> !ProcessTable.isAlive(pid(child)));
    await().atMost(Duration.ofSeconds(3)).until(() -> !ProcessTable.isAlive(pid(orphan)));
  }

  @Test
  @Timeout(30)
  void a_stopped_task_has_its_whole_process_group_killed_even_processes_that_left_its_tree()
      throws Exception {
    Path orphan = dir.resolve("orphan.pid");
    Path leader = dir.resolve("leader.pid");
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());
    BashOperator operator =
        bash(
            Task.bash(
                    "shell",
                    "echo $$ > \"$DIR/leader.pid\"; (sleep 300 & echo $! > \"$DIR/orphan.pid\");"
                        + " sleep 300")
                .env("DIR", dir.toString()));
    AtomicReference<Thread> runner = new AtomicReference<>();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    runner.set(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    operator.execute(context);
                    ended.complete(null);
                  } catch (Exception e) {
                    ended.complete(e);
                  }
                }));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(orphan) && pid(orphan) > 0);
    long group = pid(leader);
    assertThat(ProcessTable.liveMembersOfGroup(group)).hasSizeGreaterThanOrEqualTo(2);

    runner.get().interrupt();

    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> ProcessTable.liveMembersOfGroup(group).isEmpty());
    assertThat(ProcessTable.isAlive(pid(orphan))).isFalse();
  }

  @Test
  @Timeout(30)
  void a_command_that_ignores_term_is_killed_after_the_grace() throws Exception {
    Path leader = dir.resolve("leader.pid");
    BashTestContext context = new BashTestContext("manual__1", Map.of(), Map.of());
    BashOperator operator =
        bash(
            Task.bash("shell", "trap '' TERM; echo $$ > \"$DIR/leader.pid\"; sleep 300")
                .env("DIR", dir.toString()));
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    operator.execute(context);
                    ended.complete(null);
                  } catch (Exception e) {
                    ended.complete(e);
                  }
                });
    await().atMost(Duration.ofSeconds(10)).until(() -> pid(leader) > 0);
    long group = pid(leader);
    long stoppedAt = System.nanoTime();

    runner.interrupt();

    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
        .isLessThan(TaskProcess.KILL_GRACE.plusSeconds(3));
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> ProcessTable.liveMembersOfGroup(group).isEmpty());
  }

  /** The pid a command wrote to a file; 0 while it is not written yet. */
  private static long pid(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
