package io.updraft.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TaskLogCapTest {
  private static final long CAP = 8 * 1024;
  private static final String LINE = "x".repeat(99);

  /** Each stored line starts with the time it was taken: {@code [2026-12-05T16:58:07.123Z] }. */
  private static final int STAMP_BYTES = 27;

  private static final Pattern STAMPED =
      Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:.]{12}Z\\] .*");

  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void a_task_printing_far_past_the_cap_stores_the_cap_one_marker_and_its_end() {
    Dag dag =
        Dag.builder("logs_flood")
            .task(
                Task.java(
                    "flood",
                    ctx -> {
                      // 5 MB: 640 times the cap.
                      for (int i = 0; i < 50_000; i++) {
                        System.out.println(LINE);
                      }
                      return null;
                    }))
            .task(
                Task.java(
                    "flood_and_fail",
                    ctx -> {
                      for (int i = 0; i < 50_000; i++) {
                        ctx.log().info(LINE);
                      }
                      throw new IllegalStateException("source went away");
                    }))
            .build();
    fx.startWorker(
        fx.settings("logs-cap", 2, Duration.ofSeconds(5)).toBuilder()
            .logMaxBytesPerTry(CAP)
            .build(),
        dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.task(run, "flood_and_fail").state() == TaskState.FAILED);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.task(run, "flood").state() == TaskState.SUCCESS);
    List<String> flood = lines(run, "flood");
    assertThat(outputBytes(flood)).isLessThanOrEqualTo(CAP);
    assertThat(fx.logs.read(fx.task(run, "flood").id(), 1))
        .allMatch(l -> STAMPED.matcher(l).matches());
    assertThat(flood.stream().filter(l -> l.startsWith("[log cut at "))).hasSize(1);
    assertThat(flood)
        .contains(
            "[log cut at "
                + (CAP / (STAMP_BYTES + 100)) * (STAMP_BYTES + 100)
                + " bytes: the rest of this try's output is not stored;"
                + " raise logs.max_bytes_per_try to keep more]");
    assertThat(flood.getLast()).startsWith("Task succeeded in ");

    List<String> failed = lines(run, "flood_and_fail");
    assertThat(outputBytes(failed)).isLessThanOrEqualTo(CAP);
    assertThat(String.join("\n", failed))
        .contains("Task failed after ")
        .contains("IllegalStateException: source went away");
  }

  @Test
  void the_worker_runs_the_next_task_after_a_flood() {
    Dag dag =
        Dag.builder("logs_flood_then_more")
            .task(
                Task.java(
                    "flood",
                    ctx -> {
                      for (int i = 0; i < 50_000; i++) {
                        System.err.println(LINE);
                      }
                      return null;
                    }))
            .task(Task.java("next", ctx -> "still fine").after("flood"))
            .build();
    fx.startWorker(
        fx.settings("logs-cap-next", 1, Duration.ofSeconds(5)).toBuilder()
            .logMaxBytesPerTry(CAP)
            .build(),
        dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.task(run, "next").state() == TaskState.SUCCESS);
    assertThat(fx.log(run, "next", 1)).contains("Task succeeded in ").doesNotContain("log cut");
  }

  /**
   * The stored lines without their time stamps. Every line the task or Updraft wrote has one; the
   * continuation lines of a stack trace have none.
   */
  private List<String> lines(DagRun run, String taskId) {
    return fx.logs.read(fx.task(run, taskId).id(), 1).stream()
        .map(l -> STAMPED.matcher(l).matches() ? l.substring(STAMP_BYTES) : l)
        .toList();
  }

  /** Bytes of the lines the task printed, as the cap counts them (each with its newline). */
  private static long outputBytes(List<String> lines) {
    return lines.stream()
        .filter(l -> l.equals(LINE))
        .mapToLong(l -> STAMP_BYTES + l.getBytes(UTF_8).length + 1)
        .sum();
  }
}
