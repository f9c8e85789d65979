package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Schedule;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import io.updraft.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer's task updates an asset through a real worker and Redis; the scheduler then creates an
 * asset-triggered run of the DAG scheduled on it, which runs to its end.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class AssetsEndToEndTest {
  private static final Asset SALES = Asset.of("s3://bucket/sales.parquet", "sales");

  private static final Dag PRODUCER =
      Dag.builder("e2e_asset_producer")
          .task(Task.java("export", ctx -> "exported").outlets(SALES))
          .task(Task.java("notify", ctx -> "told").after("export"))
          .build();

  private static final Dag CONSUMER =
      Dag.builder("e2e_asset_consumer")
          .schedule(Schedule.onAssets(SALES))
          .task(
              Task.java(
                  "report",
                  ctx -> {
                    // Fails the run unless the run's context names the events that made it.
                    List<AssetEvent> events = ctx.triggeringAssetEvents();
                    if (events.size() != 1 || !events.getFirst().uri().equals(SALES.uri())) {
                      throw new IllegalStateException("triggering events: " + events);
                    }
                    return events.getFirst().sourceRunId();
                  }))
          .build();

  private Backends backends;
  private SchedulerService scheduler;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    TestDatabase db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    DagBag dags = DagBag.of(PRODUCER, CONSUMER);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "assets-worker", List.of("default"), 4);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    backends.close();
  }

  @Test
  void a_producer_success_records_its_event_and_the_consumer_runs_on_it_seeing_the_event() {
    PostgresAssetStore assets = new PostgresAssetStore(backends.database);
    DagRun produced =
        backends
            .runs
            .createRun(
                NewDagRun.manual(PRODUCER.id(), backends.clock.instant(), Map.of()),
                PRODUCER.structure())
            .orElseThrow();
    backends.events().publish(produced.id());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                backends.runs.listRuns(CONSUMER.id(), 10).stream()
                    .anyMatch(r -> r.state() == RunState.SUCCESS));

    assertThat(backends.runs.findRun(produced.id()).orElseThrow().state())
        .isEqualTo(RunState.SUCCESS);
    List<AssetEvent> events = assets.events(AssetEventFilter.ALL, 10, 0);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.uri()).isEqualTo(SALES.uri());
              assertThat(e.sourceRunId()).isEqualTo(produced.runId());
              assertThat(e.sourceTaskId()).isEqualTo("export");
            });
    List<DagRun> consumed = backends.runs.listRuns(CONSUMER.id(), 10);
    assertThat(consumed)
        .singleElement()
        .satisfies(r -> assertThat(r.runType()).isEqualTo(RunType.ASSET_TRIGGERED));
    assertThat(assets.triggeringEvents(consumed.getFirst().id()))
        .extracting(AssetEvent::id)
        .containsExactly(events.getFirst().id());
  }
}
