package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.cli.OtlpSpans.ReceivedSpan;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.config.TracesConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scheduler and a worker, each with the backends of a process of its own, run DAGs on real
 * PostgreSQL and Redis with traces pointed at a real OTLP/HTTP receiver on 127.0.0.1.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TracesEndToEndTest {
  private static final String CONF_SECRET = "conf-value-that-never-leaves-7f3a";
  private static final String HEADER_TOKEN = "collector-token-91c2";
  private static final Dag PIPELINE =
      Dag.builder("traces_e2e")
          .task(Task.java("extract", ctx -> ctx.conf().get("api_key")))
          .task(Task.java("load", ctx -> "loaded").after("extract"))
          .build();
  private static final Dag BROKEN =
      Dag.builder("traces_e2e_broken")
          .task(
              Task.java(
                  "explode",
                  ctx -> {
                    throw new IllegalStateException("refused " + ctx.conf().get("api_key"));
                  }))
          .build();

  private static final CountDownLatch RELEASE = new CountDownLatch(1);
  private static final Dag TIMED_OUT =
      Dag.builder("traces_e2e_timed_out")
          .runTimeout(Duration.ofSeconds(1))
          .task(
              Task.java(
                  "waits", ctx -> RELEASE.await(30, TimeUnit.SECONDS) ? "released" : "gave up"))
          .build();

  private static final Dag ABANDONED =
      Dag.builder("traces_e2e_abandoned").task(Task.java("orphan", ctx -> "never runs")).build();

  private final List<AutoCloseable> opened = new ArrayList<>();
  private OtlpReceiver receiver;
  private UpdraftConfig config;

  @BeforeEach
  void start() throws Exception {
    receiver = opened(OtlpReceiver.start());
    var db = PostgresExtension.database();
    config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()))
            .withTraces(
                new TracesConfig(
                    receiver.endpoint(),
                    "updraft-e2e",
                    "Authorization=Bearer " + HEADER_TOKEN,
                    null));
  }

  private <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  @AfterEach
  void stop() {
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  /** A scheduler and a worker of their own processes' backends; returns the scheduler's. */
  private Backends startProcesses(UpdraftConfig config) throws Exception {
    DagBag dags = DagBag.of(PIPELINE, BROKEN, TIMED_OUT);
    Backends schedulerSide = opened(Backends.open(config, true));
    opened(Processes.scheduler(schedulerSide, dags)).start();
    Backends workerSide = opened(Backends.open(config, false));
    opened(Processes.worker(workerSide, dags, "traces-worker", List.of("default"), 2)).start();
    return schedulerSide;
  }

  @Test
  void a_run_sends_one_run_span_and_a_child_span_per_try_with_their_attributes() throws Exception {
    Backends side = startProcesses(config);

    DagRun run = trigger(side, PIPELINE, RunState.SUCCESS);

    await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(run).size() == 3);
    Map<String, ReceivedSpan> byName =
        spansOf(run).stream().collect(Collectors.toMap(ReceivedSpan::name, s -> s));
    ReceivedSpan runSpan = byName.get("traces_e2e");
    assertThat(runSpan.parentSpanId()).isEmpty();
    assertThat(runSpan.attributes())
        .containsEntry("updraft.dag_id", "traces_e2e")
        .containsEntry("updraft.run_id", run.runId())
        .containsEntry("updraft.state", "success");
    assertThat(runSpan.statusCode()).isNotEqualTo(OtlpSpans.STATUS_ERROR);
    for (String taskId : List.of("extract", "load")) {
      ReceivedSpan trySpan = byName.get(taskId);
      assertThat(trySpan.traceId()).isEqualTo(runSpan.traceId());
      assertThat(trySpan.parentSpanId()).isEqualTo(runSpan.spanId());
      assertThat(trySpan.attributes())
          .containsEntry("updraft.dag_id", "traces_e2e")
          .containsEntry("updraft.run_id", run.runId())
          .containsEntry("updraft.task_id", taskId)
          .containsEntry("updraft.map_index", "-1")
          .containsEntry("updraft.try_number", "1")
          .containsEntry("updraft.worker", "traces-worker")
          .containsEntry("updraft.state", "success");
      // Each try lies within its run.
      assertThat(trySpan.startNanos()).isGreaterThanOrEqualTo(runSpan.startNanos());
      assertThat(trySpan.endNanos()).isLessThanOrEqualTo(runSpan.endNanos());
    }
    assertThat(byName.get("load").startNanos())
        .isGreaterThanOrEqualTo(byName.get("extract").endNanos());
    assertThat(receiver.spans()).extracting(ReceivedSpan::serviceName).containsOnly("updraft-e2e");
    assertThat(receiver.exports())
        .allSatisfy(
            e -> {
              assertThat(e.authorization()).isEqualTo("Bearer " + HEADER_TOKEN);
              assertThat(e.contentType()).isEqualTo("application/x-protobuf");
            });
  }

  @Test
  void a_failed_try_and_its_run_have_error_status_and_no_conf_value_is_exported() throws Exception {
    Backends side = startProcesses(config);

    DagRun run = trigger(side, BROKEN, RunState.FAILED);

    await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(run).size() == 2);
    Map<String, ReceivedSpan> byName =
        spansOf(run).stream().collect(Collectors.toMap(ReceivedSpan::name, s -> s));
    ReceivedSpan runSpan = byName.get("traces_e2e_broken");
    ReceivedSpan trySpan = byName.get("explode");
    assertThat(runSpan.statusCode()).isEqualTo(OtlpSpans.STATUS_ERROR);
    assertThat(runSpan.attributes()).containsEntry("updraft.state", "failed");
    assertThat(trySpan.statusCode()).isEqualTo(OtlpSpans.STATUS_ERROR);
    assertThat(trySpan.parentSpanId()).isEqualTo(runSpan.spanId());
    assertThat(trySpan.attributes()).containsEntry("updraft.state", "failed");
    // The conf's value reached the task and its error message, and neither reached a span; nor
    // did the collector's token, beyond its header.
    for (OtlpReceiver.Export export : receiver.exports()) {
      String bytes = new String(export.body(), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain(CONF_SECRET).doesNotContain(HEADER_TOKEN);
    }
  }

  @Test
  void a_run_ended_by_the_scheduler_and_its_try_on_the_worker_meet_in_one_trace() throws Exception {
    Backends side = startProcesses(config);

    // The scheduler fails the run at its timeout while the worker's try still runs.
    DagRun run = trigger(side, TIMED_OUT, RunState.FAILED);
    await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(run).size() == 1);
    RELEASE.countDown();

    await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(run).size() == 2);
    Map<String, ReceivedSpan> byName =
        spansOf(run).stream().collect(Collectors.toMap(ReceivedSpan::name, s -> s));
    ReceivedSpan runSpan = byName.get("traces_e2e_timed_out");
    ReceivedSpan trySpan = byName.get("waits");
    assertThat(runSpan.statusCode()).isEqualTo(OtlpSpans.STATUS_ERROR);
    assertThat(trySpan.traceId()).isEqualTo(runSpan.traceId());
    assertThat(trySpan.parentSpanId()).isEqualTo(runSpan.spanId());
  }

  @Test
  void a_try_the_zombie_reaper_ended_has_its_span_in_its_runs_trace() throws Exception {
    // A scheduler alone: the try's worker claims it, beats once and is never heard of again.
    Backends side =
        opened(Backends.open(config.withScheduler(new SchedulerConfig(200, null, 2, null)), true));
    opened(Processes.scheduler(side, DagBag.of(ABANDONED))).start();
    DagRun run =
        side.runs
            .createRun(
                NewDagRun.manual(ABANDONED.id(), side.clock.instant(), Map.of()),
                ABANDONED.structure())
            .orElseThrow();
    side.events().publish(run.id());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> side.runs.taskInstances(run.id()).getFirst().state() == TaskState.QUEUED);
    TaskInstance queued = side.runs.taskInstances(run.id()).getFirst();
    Instant started = side.clock.instant();
    assertThat(
            side.runs.claim(
                List.of(
                    TaskChange.claim(queued.id(), queued.tryNumber(), "vanished-worker", started))))
        .hasSize(1);
    side.runs.heartbeat("vanished-worker", List.of(queued.id()), started);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> side.runs.findRun(run.id()).orElseThrow().state() == RunState.FAILED);
    await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(run).size() == 2);
    Map<String, ReceivedSpan> byName =
        spansOf(run).stream().collect(Collectors.toMap(ReceivedSpan::name, s -> s));
    ReceivedSpan runSpan = byName.get("traces_e2e_abandoned");
    ReceivedSpan trySpan = byName.get("orphan");
    assertThat(trySpan.traceId()).isEqualTo(runSpan.traceId());
    assertThat(trySpan.parentSpanId()).isEqualTo(runSpan.spanId());
    assertThat(trySpan.statusCode()).isEqualTo(OtlpSpans.STATUS_ERROR);
    assertThat(trySpan.attributes())
        .containsEntry("updraft.task_id", "orphan")
        .containsEntry("updraft.try_number", "1")
        .containsEntry("updraft.worker", "vanished-worker")
        .containsEntry("updraft.state", "failed");
    // From the worker's start to the reaping, at least the zombie window later.
    assertThat(trySpan.endNanos() - trySpan.startNanos())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void tracing_off_starts_nothing_and_sends_nothing() throws Exception {
    UpdraftConfig off = config.withTraces(TracesConfig.defaults());
    // Spans threads of other tests' processes end once those are closed.
    await().atMost(Duration.ofSeconds(10)).until(() -> spanThreads().isEmpty());
    Backends side = startProcesses(off);

    trigger(side, PIPELINE, RunState.SUCCESS);

    assertThat(side.recorder()).isSameAs(side.metrics().recorder());
    assertThat(spanThreads()).isEmpty();
    assertThat(receiver.exports()).isEmpty();
  }

  private DagRun trigger(Backends side, Dag dag, RunState expected) {
    DagRun run =
        side.runs
            .createRun(
                NewDagRun.manual(
                    dag.id(), side.clock.instant(), Map.of("api_key", (Object) CONF_SECRET)),
                dag.structure())
            .orElseThrow();
    side.events().publish(run.id());
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> side.runs.findRun(run.id()).orElseThrow().state() == expected);
    return run;
  }

  private List<ReceivedSpan> spansOf(DagRun run) {
    return receiver.spans().stream()
        .filter(s -> run.runId().equals(s.attributes().get("updraft.run_id")))
        .toList();
  }

  private static List<String> spanThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("BatchSpanProcessor"))
        .toList();
  }
}
