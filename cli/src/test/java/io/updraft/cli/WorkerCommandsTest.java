package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.WorkerInfo;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft workers list} and {@code updraft tasks logs} on real PostgreSQL. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WorkerCommandsTest {
  private static final Dag DAG = Dag.builder("logs_dag").task(Task.bash("talk", "echo hi")).build();

  @TempDir Path dir;
  private Path config;
  private Backends b;

  @BeforeEach
  void open() throws Exception {
    config = TestConfigs.write(dir, TestConfigs.database());
    b = Backends.open(ConfigLoader.load(config, Map.of()), true);
  }

  @AfterEach
  void close() {
    b.close();
  }

  private static String run(String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out();
  }

  private TaskInstance runningTask(DagRun run) {
    TaskInstance ti = b.runs.taskInstances(run.id()).getFirst();
    Instant now = b.clock.instant();
    b.runs.apply(TaskChange.of(ti, TaskState.QUEUED, now));
    b.runs.apply(
        new TaskChange(ti.id(), 1, TaskState.QUEUED, TaskState.RUNNING, now, false, null, "w1"));
    return b.runs.findTaskInstance(ti.id()).orElseThrow();
  }

  private DagRun trigger() {
    b.dags.save(DAG.structure(), b.clock.instant());
    return b.runs
        .createRun(NewDagRun.manual("logs_dag", b.clock.instant(), Map.of()), DAG.structure())
        .orElseThrow();
  }

  @Test
  void workers_list_shows_each_worker_with_its_queues_and_load() {
    Instant now = b.clock.instant();
    b.workers.beat(new WorkerInfo("w-1", "host-a", List.of("default", "etl"), 16, 3, now, now));

    String out = run("workers", "list", "--config", config.toString());

    assertThat(out).contains("name", "last_seen").contains("w-1", "host-a", "default,etl", "16");
  }

  @Test
  void tasks_logs_prints_a_try_and_follow_keeps_printing_until_the_try_ends() {
    DagRun run = trigger();
    TaskInstance ti = runningTask(run);
    b.logs.append(ti.id(), 1, List.of("first line"));
    Thread.ofVirtual()
        .start(
            () -> {
              org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(700)).until(() -> true);
              b.logs.append(ti.id(), 1, List.of("second line"));
              b.runs.apply(
                  new TaskChange(
                      ti.id(),
                      1,
                      TaskState.RUNNING,
                      TaskState.SUCCESS,
                      b.clock.instant(),
                      false,
                      null,
                      null));
            });

    String followed =
        run(
            "tasks",
            "logs",
            "logs_dag",
            run.runId(),
            "talk",
            "--follow",
            "--config",
            config.toString());
    String again =
        run(
            "tasks",
            "logs",
            "logs_dag",
            run.runId(),
            "talk",
            "--try",
            "1",
            "--config",
            config.toString());

    assertThat(followed).isEqualTo("first line\nsecond line\n");
    assertThat(again).isEqualTo(followed);
  }

  @Test
  void tasks_logs_streams_a_log_of_many_pages_whole_and_tail_prints_its_last_lines() {
    DagRun run = trigger();
    TaskInstance ti = runningTask(run);
    StringBuilder expected = new StringBuilder();
    for (int chunk = 0; chunk < 250; chunk++) {
      b.logs.append(ti.id(), 1, List.of("chunk " + chunk + " a", "chunk " + chunk + " b"));
      expected.append("chunk ").append(chunk).append(" a\n");
      expected.append("chunk ").append(chunk).append(" b\n");
    }

    String whole =
        run("tasks", "logs", "logs_dag", run.runId(), "talk", "--config", config.toString());
    String tail =
        run(
            "tasks",
            "logs",
            "logs_dag",
            run.runId(),
            "talk",
            "--tail",
            "3",
            "--config",
            config.toString());

    assertThat(whole).isEqualTo(expected.toString());
    assertThat(tail).isEqualTo("chunk 248 b\nchunk 249 a\nchunk 249 b\n");
  }

  @Test
  void tasks_logs_reads_one_instance_of_a_mapped_task_by_its_map_index() {
    DagRun run = trigger();
    TaskInstance ti = b.runs.taskInstances(run.id()).getFirst();
    // As if "talk" were mapped over two values: instance 0 (this row) and instance 1.
    b.runs.expand(ti, 2, b.clock.instant());
    TaskInstance second =
        b.runs.taskInstances(run.id()).stream().filter(t -> t.mapIndex() == 1).findFirst().get();
    b.logs.append(ti.id(), 1, List.of("instance 0"));
    b.logs.append(second.id(), 1, List.of("instance 1"));

    String one =
        run(
            "tasks",
            "logs",
            "logs_dag",
            run.runId(),
            "talk",
            "--map-index",
            "1",
            "--config",
            config.toString());
    String first =
        run("tasks", "logs", "logs_dag", run.runId(), "talk", "--config", config.toString());

    assertThat(one).isEqualTo("instance 1\n");
    assertThat(first).isEqualTo("instance 0\n");
  }
}
