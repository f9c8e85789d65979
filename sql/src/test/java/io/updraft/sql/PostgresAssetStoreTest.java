package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Schedule;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresAssetStoreTest {
  private static final Asset SALES = Asset.of("s3://bucket/sales.parquet", "sales");
  private static final Asset PRICES = Asset.of("s3://bucket/prices.parquet");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private static DagStructure producer() {
    return Dag.builder("producer")
        .task(Task.java("export", ctx -> null).outlets(SALES, PRICES))
        .build()
        .structure();
  }

  private static DagStructure consumer(Asset... on) {
    return Dag.builder("consumer")
        .schedule(Schedule.onAssets(on))
        .task(Task.java("report", ctx -> null))
        .build()
        .structure();
  }

  /** The producer's task, running: the success of this try writes its outlets' events. */
  private static TaskChange runningExport() {
    DagRun run =
        postgres.runs().createRun(NewDagRun.manual("producer", T0, Map.of()), producer()).get();
    TaskInstance ti = postgres.runs().taskInstances(run.id()).getFirst();
    postgres.runs().applyAll(List.of(TaskChange.of(ti, TaskState.QUEUED, T0)));
    postgres.runs().claim(List.of(TaskChange.claim(ti.id(), 1, "w1", T0)));
    return TaskChange.outcome(ti.id(), 1, TaskState.SUCCESS, T0.plusSeconds(1), null);
  }

  private static List<OutletEvent> outletsOf(Instant at) {
    DagRun run = postgres.runs().activeRuns().getFirst();
    return List.of(
        new OutletEvent(SALES, "producer", run.runId(), "export", -1, at),
        new OutletEvent(PRICES, "producer", run.runId(), "export", -1, at));
  }

  @Test
  void a_success_with_outlets_records_one_event_per_asset_naming_its_run_and_task() {
    postgres.dags().save(producer(), T0);
    TaskChange success = runningExport();

    assertThat(postgres.runs().applyAfter(success, List.of(), List.of(), outletsOf(success.at())))
        .isPresent();

    List<AssetEvent> events = postgres.assets().events(AssetEventFilter.ALL, 10, 0);
    assertThat(events).extracting(AssetEvent::uri).containsExactly(PRICES.uri(), SALES.uri());
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.sourceDagId()).isEqualTo("producer");
              assertThat(e.sourceTaskId()).isEqualTo("export");
              assertThat(e.sourceRunId()).startsWith("manual__");
              assertThat(e.externalBy()).isNull();
            });
    assertThat(postgres.assets().assets(10, 0))
        .extracting(a -> a.name() + "=" + a.events())
        .containsExactly(PRICES.uri() + "=1", "sales=1");
  }

  @Test
  void a_success_whose_fence_misses_records_no_event() {
    postgres.dags().save(producer(), T0);
    TaskChange success = runningExport();
    List<OutletEvent> events = outletsOf(success.at());
    postgres.runs().applyAfter(success, List.of(), List.of(), events);

    assertThat(postgres.runs().applyAfter(success, List.of(), List.of(), events)).isEmpty();
    assertThat(postgres.assets().countEvents(AssetEventFilter.ALL)).isEqualTo(2);
  }

  @Test
  void a_dag_is_due_once_every_asset_it_waits_for_was_updated_and_its_run_consumes_them() {
    postgres.dags().save(consumer(SALES, PRICES), T0);
    postgres.assets().recordExternal(SALES.uri(), Map.of("rows", 3), "alice", T0.plusSeconds(1));
    assertThat(postgres.assets().dueDags()).as("prices not updated yet").isEmpty();
    assertThat(postgres.assets().triggerIfDue(consumer(SALES, PRICES), T0.plusSeconds(2)))
        .isEmpty();

    postgres.assets().recordExternal(PRICES.uri(), Map.of(), "alice", T0.plusSeconds(3));
    assertThat(postgres.assets().dueDags()).containsExactly("consumer");
    DagRun run =
        postgres.assets().triggerIfDue(consumer(SALES, PRICES), T0.plusSeconds(4)).orElseThrow();

    assertThat(run.runType()).isEqualTo(RunType.ASSET_TRIGGERED);
    assertThat(run.runId()).startsWith("asset_triggered__");
    assertThat(postgres.assets().triggeringEvents(run.id()))
        .extracting(AssetEvent::uri)
        .containsExactly(SALES.uri(), PRICES.uri());
    assertThat(postgres.assets().triggeringEvents(run.id()).getFirst().extra())
        .containsEntry("rows", 3);
    assertThat(postgres.assets().dueDags()).as("consumed").isEmpty();
  }

  @Test
  void events_from_before_a_dag_was_scheduled_on_an_asset_do_not_trigger_it() {
    postgres.assets().recordExternal(SALES.uri(), Map.of(), "alice", T0);
    postgres.dags().save(consumer(SALES), T0.plusSeconds(1));

    assertThat(postgres.assets().dueDags()).isEmpty();
  }

  @Test
  void a_paused_dag_is_not_due() {
    postgres.dags().save(consumer(SALES), T0);
    postgres.dags().setPaused("consumer", true);
    postgres.assets().recordExternal(SALES.uri(), Map.of(), "alice", T0.plusSeconds(1));

    assertThat(postgres.assets().dueDags()).isEmpty();
    assertThat(postgres.assets().triggerIfDue(consumer(SALES), T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void two_schedulers_triggering_at_once_create_one_run() throws Exception {
    postgres.dags().save(consumer(SALES), T0);
    postgres.assets().recordExternal(SALES.uri(), Map.of(), "alice", T0.plusSeconds(1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Optional<DagRun>> a =
          () -> postgres.assets().triggerIfDue(consumer(SALES), T0.plusSeconds(2));
      Callable<Optional<DagRun>> b =
          () -> postgres.assets().triggerIfDue(consumer(SALES), T0.plusSeconds(3));
      List<Future<Optional<DagRun>>> both = pool.invokeAll(List.of(a, b));

      assertThat(both.stream().filter(f -> resultOf(f).isPresent()).count()).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void events_are_filtered_by_asset_and_producing_dag() {
    postgres.dags().save(producer(), T0);
    TaskChange success = runningExport();
    postgres.runs().applyAfter(success, List.of(), List.of(), outletsOf(success.at()));
    postgres.assets().recordExternal(SALES.uri(), Map.of(), "alice", T0.plusSeconds(5));

    assertThat(postgres.assets().countEvents(new AssetEventFilter(SALES.uri(), null, null)))
        .isEqualTo(2);
    assertThat(postgres.assets().events(new AssetEventFilter(SALES.uri(), "producer", null), 10, 0))
        .singleElement()
        .satisfies(e -> assertThat(e.sourceTaskId()).isEqualTo("export"));
    assertThat(postgres.assets().events(new AssetEventFilter(null, null, null), 1, 0))
        .singleElement()
        .satisfies(e -> assertThat(e.externalBy()).isEqualTo("alice"));
  }

  @Test
  void an_external_event_for_a_uri_with_credentials_is_refused_without_echoing_them() {
    assertThatThrownBy(
            () ->
                postgres.assets().recordExternal("s3://key:secret@bucket/x", Map.of(), "alice", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  private static Optional<DagRun> resultOf(Future<Optional<DagRun>> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
