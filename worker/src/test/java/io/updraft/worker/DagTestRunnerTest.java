package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskSkippedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A DAG's unit test as its author writes it: no database, no queue, no worker process. */
class DagTestRunnerTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final DagTestRunner runner =
      new DagTestRunner(
          DagTestRunner.fromEnvironment().secrets(),
          null,
          new PrintStream(printed, true, StandardCharsets.UTF_8),
          Clock.systemUTC());

  static Dag shop() {
    return Dag.builder("shop")
        .param("who", "world")
        .param("limit", Param.required("integer"))
        .task(Task.java("extract", ctx -> 42))
        .task(Task.branch("choose", ctx -> "load").after("extract"))
        .task(
            Task.java("load", ctx -> ctx.xcomPull("extract", Integer.class).orElseThrow() + 1)
                .after("choose"))
        .task(Task.java("report_empty", ctx -> "nothing").after("choose"))
        .task(
            Task.java(
                    "flaky",
                    ctx -> {
                      if (ctx.tryNumber() == 1) {
                        throw new IllegalStateException("the first try fails");
                      }
                      return "ok on try " + ctx.tryNumber();
                    })
                .retries(2)
                .retryDelay(Duration.ofHours(1))
                .after("load"))
        .task(
            Task.bash("shell", "echo \"rows=$ROWS empty=$EMPTY who=$WHO\"")
                .env("ROWS", "{{ ti.xcom_pull('load') }}")
                .env("EMPTY", "{{ ti.xcom_pull('report_empty') }}")
                .env("WHO", "{{ params.who }}")
                .after("flaky"))
        .build();
  }

  @Test
  void a_mapped_task_runs_once_per_value_in_a_test_run_and_downstream_pulls_the_list() {
    Dag dag =
        Dag.builder("mapped_test")
            .task(Task.java("files", ctx -> java.util.List.of("a", "b")))
            .task(
                Task.java("load", ctx -> ctx.mapValue(String.class).toUpperCase())
                    .expandOver("files"))
            .task(Task.java("count", ctx -> ctx.xcomPull("load").orElseThrow()).after("load"))
            .task(Task.java("nothing", ctx -> "never").expand(java.util.List.of()))
            .build();

    DagTestResult result = runner.runDag(dag, null, Map.of());

    assertThat(result.state("load")).isEqualTo(TaskState.SUCCESS);
    assertThat(result.xcom("load")).isEqualTo(java.util.List.of("A", "B"));
    assertThat(result.xcom("count")).isEqualTo(java.util.List.of("A", "B"));
    assertThat(result.state("nothing")).isEqualTo(TaskState.SKIPPED);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Mapped over 2 values", "Running try 1 of map index 1");
  }

  @Test
  void a_task_mapped_over_a_mapped_tasks_results_runs_once_per_result_in_a_test_run() {
    Dag dag =
        Dag.builder("nested_test")
            .task(Task.java("make_list", ctx -> java.util.List.of(1, 2, 3)))
            .task(
                Task.java(
                        "double",
                        ctx -> {
                          if (ctx.mapValue(Integer.class) == 2) {
                            throw new TaskSkippedException("not 2");
                          }
                          return ctx.mapValue(Integer.class) * 2;
                        })
                    .expandOver("make_list"))
            .task(
                Task.java("add_one", ctx -> ctx.mapValue(Integer.class) + 1)
                    .expandOver("double")
                    .triggerRule(TriggerRule.NONE_FAILED))
            .task(
                Task.java("total", ctx -> sum(ctx.xcomPull("add_one", List.class).orElseThrow()))
                    .after("add_one"))
            .task(Task.java("empty", ctx -> java.util.List.of()))
            .task(Task.java("none", ctx -> ctx.mapValue()).expandOver("empty"))
            .task(Task.java("none_of_none", ctx -> "never").expandOver("none"))
            .build();

    DagTestResult result = runner.runDag(dag, null, Map.of());

    assertThat(result.xcom("double")).as("the skipped instance left out").isEqualTo(List.of(2, 6));
    assertThat(result.xcom("add_one")).isEqualTo(List.of(3, 7));
    assertThat(result.xcom("total")).isEqualTo(10);
    assertThat(result.state("none")).isEqualTo(TaskState.SKIPPED);
    assertThat(result.state("none_of_none")).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void a_test_run_calls_the_task_callbacks_and_a_throwing_one_changes_nothing() {
    java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    Dag dag =
        Dag.builder("callbacks_in_a_test_run")
            .task(
                Task.java(
                        "flaky",
                        ctx -> {
                          if (ctx.tryNumber() == 1) {
                            throw new IllegalStateException("the first try fails");
                          }
                          return 1;
                        })
                    .retries(1)
                    .onExecute(ctx -> calls.add("execute " + ctx.tryNumber()))
                    .onRetry(ctx -> calls.add("retry " + ctx.tryNumber()))
                    .onSuccess(
                        ctx -> {
                          calls.add("success " + ctx.tryNumber());
                          throw new IllegalStateException("the success callback broke");
                        }))
            .task(
                Task.java(
                        "broken",
                        ctx -> {
                          throw new IllegalStateException("always");
                        })
                    .after("flaky")
                    .onFailure(ctx -> calls.add("failure " + ctx.render("{{ task_id }}"))))
            .build();

    DagTestResult result = runner.runDag(dag, null, Map.of());

    assertThat(calls)
        .containsExactly("execute 1", "retry 1", "execute 2", "success 2", "failure broken");
    assertThat(result.state("flaky")).isEqualTo(TaskState.SUCCESS);
    assertThat(result.state("broken")).isEqualTo(TaskState.FAILED);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[flaky] The callback failed; the task's state stays")
        .contains("the success callback broke");
  }

  @Test
  void a_whole_run_follows_the_branch_retries_at_once_and_passes_xcom_downstream() {
    DagTestResult result = runner.runDag(shop(), null, Map.of("limit", 5, "who", "ada"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.state("extract")).isEqualTo(TaskState.SUCCESS);
    assertThat(result.state("report_empty")).isEqualTo(TaskState.SKIPPED);
    assertThat(result.task("report_empty").tries()).isZero();
    assertThat(result.xcom("load")).isEqualTo(43);
    assertThat(result.task("flaky").tries()).isEqualTo(2);
    assertThat(result.xcom("flaky")).isEqualTo("ok on try 2");
    assertThat(result.state("shell")).isEqualTo(TaskState.SUCCESS);
    String log = printed.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("[shell] rows=43 empty=None who=ada")
        .contains("[flaky] Up for retry (try 2 of 3)")
        .contains("is not waited in a test run")
        .contains("[report_empty] skipped (not chosen by choose)");
  }

  @Test
  void a_task_out_of_tries_fails_and_its_downstream_tasks_are_upstream_failed() {
    Dag dag =
        Dag.builder("broken")
            .task(
                Task.java(
                        "always_fails",
                        ctx -> {
                          throw new IllegalStateException("no luck");
                        })
                    .retries(1))
            .task(Task.java("after", ctx -> 1).after("always_fails"))
            .build();

    DagTestResult result = runner.runDag(dag, null, Map.of());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.task("always_fails").state()).isEqualTo(TaskState.FAILED);
    assertThat(result.task("always_fails").tries()).isEqualTo(2);
    assertThat(result.state("after")).isEqualTo(TaskState.UPSTREAM_FAILED);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no luck");
  }

  @Test
  void a_short_circuit_that_returns_false_skips_everything_downstream() {
    Dag dag =
        Dag.builder("gate")
            .task(Task.shortCircuit("open", ctx -> false))
            .task(Task.java("a", ctx -> 1).after("open"))
            .task(Task.java("b", ctx -> 2).after("a"))
            .task(
                Task.java(
                    "skips_itself",
                    ctx -> {
                      throw new TaskSkippedException("nothing to do");
                    }))
            .build();

    DagTestResult result = runner.runDag(dag, Instant.parse("2026-01-02T00:00:00Z"), Map.of());

    assertThat(result.succeeded()).isTrue();
    assertThat(result.state("a")).isEqualTo(TaskState.SKIPPED);
    assertThat(result.state("b")).isEqualTo(TaskState.SKIPPED);
    assertThat(result.state("skips_itself")).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void a_conf_that_breaks_the_dags_params_is_refused_as_a_trigger_refuses_it() {
    assertThatThrownBy(() -> runner.runDag(shop(), null, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void one_task_alone_runs_with_its_upstream_xcom_absent() {
    DagTestResult result = runner.runTask(shop(), "shell", null, Map.of("limit", 1));

    assertThat(result.tasks()).hasSize(1);
    assertThat(result.state("shell")).isEqualTo(TaskState.SUCCESS);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[shell] rows=None empty=None who=world");
  }

  @Test
  void the_static_helper_runs_a_dag_with_the_environments_secrets() {
    DagTestResult result =
        DagTestRunner.run(
            Dag.builder("tiny").task(Task.java("answer", ctx -> Map.of("n", 1))).build(), Map.of());

    assertThat(result.xcom("answer")).isEqualTo(Map.of("n", 1));
  }

  @Test
  void a_try_past_its_execution_timeout_fails_and_a_too_large_xcom_fails_as_on_a_worker() {
    Dag dag =
        Dag.builder("limits")
            .task(
                Task.java(
                        "slow",
                        ctx -> {
                          Thread.sleep(Duration.ofMinutes(1));
                          return 1;
                        })
                    .executionTimeout(Duration.ofMillis(200)))
            .task(Task.java("huge", ctx -> "x".repeat(100_000)))
            .build();

    DagTestResult result = runner.withXComMaxBytes(1024).runDag(dag, null, Map.of());

    assertThat(result.state("slow")).isEqualTo(TaskState.FAILED);
    assertThat(result.state("huge")).isEqualTo(TaskState.FAILED);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[slow] Task timed out")
        .contains("worker.xcom_max_bytes");
  }

  private static int sum(List<?> values) {
    return values.stream().mapToInt(v -> ((Number) v).intValue()).sum();
  }
}
