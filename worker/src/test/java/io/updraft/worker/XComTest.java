package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class XComTest {
  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Runs the DAG step by step on the test's thread until nothing is left to do. */
  private DagRun runToEnd(Dag dag) {
    fx = new StepHarness(dag);
    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(20);
    return fx.run(run);
  }

  @Test
  void values_pushed_by_key_are_pulled_by_key_downstream_and_in_templates() {
    Dag dag =
        Dag.builder("xcom_keys")
            .task(
                Task.java(
                    "extract",
                    ctx -> {
                      ctx.xcomPush("row_count", 42);
                      ctx.xcomPush("tables", List.of("a", "b"));
                      return Map.of("status", "ok");
                    }))
            .task(
                Task.java(
                        "report",
                        ctx ->
                            ctx.xcomPull("extract", "row_count", Integer.class).orElseThrow()
                                + " rows from "
                                + ctx.xcomPull("extract", "tables", List.class).orElseThrow()
                                + ", "
                                + ctx.xcomPull("extract", Map.class).orElseThrow().get("status"))
                    .after("extract"))
            .task(
                Task.bash("echo", "echo {{ ti.xcom_pull('extract', 'row_count') }}")
                    .after("report"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.xcoms.get(run.id(), "report", XComStore.RETURN_VALUE))
        .contains("\"42 rows from [a, b], ok\"");
    assertThat(fx.xcoms.get(run.id(), "echo", XComStore.RETURN_VALUE)).contains("\"42\"");
  }

  @Test
  void a_value_over_the_size_limit_fails_the_task_with_advice_to_use_object_storage() {
    Dag dag =
        Dag.builder("xcom_too_big")
            .task(Task.java("huge", ctx -> "x".repeat(60 * 1024)))
            .task(
                Task.java(
                    "huge_push",
                    ctx -> {
                      ctx.xcomPush("blob", "y".repeat(50 * 1024));
                      return null;
                    }))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(fx.task(run, "huge").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.task(run, "huge_push").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "huge", 1))
        .contains(
            "XCom 'return_value' of task 'huge' in DAG 'xcom_too_big' is 61442 bytes",
            "over the limit of 49152 bytes",
            "object storage");
    assertThat(fx.log(run, "huge_push", 1)).contains("XCom 'blob'", "object storage");
    assertThat(fx.xcoms.get(run.id(), "huge", XComStore.RETURN_VALUE)).isEmpty();
  }

  @Test
  void a_try_that_floods_xcom_with_many_small_values_stops_at_the_limit_per_try() {
    String value = "z".repeat(40 * 1024);
    Dag dag =
        Dag.builder("xcom_flood")
            .task(
                Task.java(
                    "progress",
                    ctx -> {
                      // One key pushed again and again replaces its value: it stays within limits.
                      for (int i = 0; i < 200; i++) {
                        ctx.xcomPush("progress", value);
                      }
                      return null;
                    }))
            .task(
                Task.java(
                    "flood",
                    ctx -> {
                      for (int i = 0; i < 100_000; i++) {
                        ctx.xcomPush("k" + i, value);
                      }
                      return null;
                    }))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(fx.task(run, "progress").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "flood").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "flood", 1))
        .contains(
            "XCom 'k76' of task 'flood' in DAG 'xcom_flood' would bring this try's XCom to",
            "over the limit of 3145728 bytes per try (64 x worker.xcom_max_bytes)",
            "object storage");
    assertThat(fx.xcoms.get(run.id(), "flood", "k75")).isPresent();
    assertThat(fx.xcoms.get(run.id(), "flood", "k76")).isEmpty();
  }
}
