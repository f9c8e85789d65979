package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker reports each try it ran, retries included, with what a try's span shows. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TryReportsTest {
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
  void each_try_is_reported_once_with_its_run_number_worker_state_and_times() {
    AtomicInteger calls = new AtomicInteger();
    Dag dag =
        Dag.builder("try_reports")
            .task(
                Task.java(
                        "flaky",
                        ctx -> {
                          if (calls.incrementAndGet() == 1) {
                            throw new IllegalStateException("first try fails");
                          }
                          return "ok";
                        })
                    .retries(1)
                    .retryDelay(Duration.ZERO))
            .task(Task.java("after", ctx -> "done").after("flaky"))
            .build();
    List<EndedTry> tries = new CopyOnWriteArrayList<>();
    MetricsRecorder recorder =
        new MetricsRecorder() {
          @Override
          public void tryEnded(EndedTry ended) {
            tries.add(ended);
          }
        };
    fx.startWorker(fx.settings("reporter", 2, Duration.ofSeconds(5)), recorder, dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    assertThat(tries)
        .extracting(t -> t.ti().taskId() + "#" + t.tryNumber() + ":" + t.state().wireName())
        .containsExactly("flaky#1:up_for_retry", "flaky#2:success", "after#1:success");
    assertThat(tries)
        .allSatisfy(
            t -> {
              assertThat(t.run().id()).isEqualTo(run.id());
              assertThat(t.run().runId()).isEqualTo(run.runId());
              assertThat(t.worker()).isEqualTo("reporter");
              assertThat(t.ti().mapIndex()).isEqualTo(-1);
              assertThat(t.start()).isBeforeOrEqualTo(t.end());
            });
    assertThat(tries.get(1).start()).isAfterOrEqualTo(tries.get(0).end());
  }

  @Test
  void a_try_reported_failed_is_the_one_the_database_records_failed() {
    Dag dag =
        Dag.builder("try_reports_failed")
            .task(
                Task.java(
                    "broken",
                    ctx -> {
                      throw new IllegalStateException("always");
                    }))
            .build();
    List<EndedTry> tries = new CopyOnWriteArrayList<>();
    MetricsRecorder recorder =
        new MetricsRecorder() {
          @Override
          public void tryEnded(EndedTry ended) {
            tries.add(ended);
          }
        };
    fx.startWorker(fx.settings("reporter", 2, Duration.ofSeconds(5)), recorder, dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.task(run, "broken").state() == TaskState.FAILED);
    assertThat(tries).singleElement().extracting(EndedTry::state).isEqualTo(TaskState.FAILED);
  }
}
