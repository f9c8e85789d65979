package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outlets recorded by a real worker on every path a success takes: alone or in a batch of tries
 * that ended together, with or without downstream tasks, and per instance of a mapped task.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class OutletEventsTest {
  private static final Asset SALES = Asset.of("s3://bucket/sales.parquet");
  private static final Asset PARTS = Asset.of("s3://bucket/parts");

  private WorkerFixture fx;
  private StepHarness steps;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
    if (steps != null) {
      steps.close();
    }
  }

  @Test
  void a_batch_of_tries_that_ended_together_records_the_outlets_of_its_successes_only() {
    Dag dag =
        Dag.builder("batch")
            .task(Task.java("with_outlet", ctx -> "done").outlets(SALES))
            .task(Task.java("without", ctx -> "done"))
            .task(Task.java("also_without", ctx -> "done"))
            .build();
    steps = new StepHarness(dag);
    PostgresAssetStore assets = new PostgresAssetStore(steps.database);

    DagRun run = steps.trigger(dag);
    assertThat(steps.tickInOneBatch()).isGreaterThanOrEqualTo(3);
    steps.tickUntilIdle(10);

    assertThat(steps.run(run).state()).isEqualTo(RunState.SUCCESS);
    assertThat(assets.events(AssetEventFilter.ALL, 10, 0))
        .singleElement()
        .satisfies(e -> assertThat(e.sourceTaskId()).isEqualTo("with_outlet"));
  }

  @Test
  void each_success_with_outlets_records_its_events_and_the_others_none() {
    Dag.Builder builder = Dag.builder("outlets");
    for (int k = 0; k < 12; k++) {
      Task task = Task.java("t" + k, ctx -> "done");
      builder.task(k % 2 == 0 ? task.outlets(SALES) : task);
    }
    builder.task(Task.java("after", ctx -> "done").after("t0", "t1"));
    builder.task(Task.java("parts", ctx -> "done").expand(List.of("eu", "us")).outlets(PARTS));
    Dag dag = builder.build();
    fx = new WorkerFixture();
    PostgresAssetStore assets = new PostgresAssetStore(fx.database);
    fx.startWorker(fx.settings("w1", 8, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);

    List<AssetEvent> events = assets.events(AssetEventFilter.ALL, 100, 0);
    assertThat(events.stream().filter(e -> e.uri().equals(SALES.uri())))
        .extracting(AssetEvent::sourceTaskId)
        .containsExactlyInAnyOrder("t0", "t2", "t4", "t6", "t8", "t10");
    assertThat(events.stream().filter(e -> e.uri().equals(PARTS.uri())))
        .extracting(AssetEvent::sourceMapIndex)
        .containsExactlyInAnyOrder(0, 1);
    assertThat(events).allSatisfy(e -> assertThat(e.sourceRunId()).isEqualTo(run.runId()));
  }
}
