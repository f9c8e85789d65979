package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Schedule;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The duty that turns asset updates into asset-triggered runs. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CreateAssetTriggeredRunsTest {
  private static final Asset SALES = Asset.of("s3://bucket/sales.parquet");
  private static final Asset PRICES = Asset.of("s3://bucket/prices.parquet");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;
  private PostgresAssetStore assets;
  private CreateAssetTriggeredRuns duty;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    assets = new PostgresAssetStore(backends.database);
    duty = newDuty();
    Dag report =
        Dag.builder("report")
            .schedule(Schedule.onAssets(SALES, PRICES).or("@daily"))
            .startDate(Instant.parse("2026-01-01T00:00:00Z"))
            .task(Task.bash("t", "true"))
            .build();
    backends.dags.save(report.structure(), clock.instant());
  }

  private CreateAssetTriggeredRuns newDuty() {
    return new CreateAssetTriggeredRuns(
        assets, backends.dags, backends.events, clock, MetricsRecorder.NONE);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private void update(Asset asset) {
    clock.advance(Duration.ofSeconds(1));
    assets.recordExternal(asset.uri(), Map.of(), "producer", clock.instant());
  }

  private List<DagRun> assetRuns() {
    return backends.runs.listRuns("report", 100).stream()
        .filter(r -> r.runType() == RunType.ASSET_TRIGGERED)
        .toList();
  }

  @Test
  void it_waits_for_every_asset_then_creates_one_queued_run_and_consumes_the_updates() {
    update(SALES);
    update(SALES);
    assertThat(duty.runOnce()).as("prices not updated").isZero();

    update(PRICES);
    assertThat(duty.runOnce()).isEqualTo(1);
    assertThat(duty.runOnce()).as("consumed").isZero();

    DagRun run = assetRuns().getFirst();
    assertThat(run.state()).isEqualTo(RunState.QUEUED);
    assertThat(run.runId()).startsWith("asset_triggered__2026-01-05T10:00:03");
    assertThat(assets.triggeringEvents(run.id())).hasSize(3);
  }

  @Test
  void the_next_updates_of_all_assets_create_the_next_run() {
    update(SALES);
    update(PRICES);
    duty.runOnce();
    update(PRICES);
    assertThat(duty.runOnce()).isZero();

    update(SALES);

    assertThat(duty.runOnce()).isEqualTo(1);
    assertThat(assetRuns()).hasSize(2);
  }

  @Test
  void a_paused_dag_gets_no_run_until_unpaused() {
    backends.dags.setPaused("report", true);
    update(SALES);
    update(PRICES);

    assertThat(duty.runOnce()).isZero();
    backends.dags.setPaused("report", false);
    assertThat(duty.runOnce()).isEqualTo(1);
  }

  @Test
  void two_duties_racing_create_one_run() throws Exception {
    update(SALES);
    update(PRICES);
    CreateAssetTriggeredRuns other = newDuty();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Integer>> both = List.of(duty::runOnce, other::runOnce);
      int created = 0;
      for (Future<Integer> f : pool.invokeAll(both)) {
        created += f.get();
      }

      assertThat(created).isEqualTo(1);
      assertThat(assetRuns()).hasSize(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void an_update_committed_after_a_later_one_was_consumed_still_triggers_a_run_once()
      throws Exception {
    update(PRICES);
    long early;
    long late;
    try (Connection a = backends.database.dataSource().getConnection();
        Connection b = backends.database.dataSource().getConnection()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      early = insertEvent(a, SALES);
      late = insertEvent(b, SALES);
      assertThat(early).as("a took its id first").isLessThan(late);
      b.commit();

      assertThat(duty.runOnce()).as("b's update, committed first").isEqualTo(1);
      a.commit();
    }
    assertThat(duty.runOnce()).as("prices not updated since").isZero();
    update(PRICES);
    assertThat(duty.runOnce()).as("a's update, committed last").isEqualTo(1);
    assertThat(duty.runOnce()).isZero();

    List<Long> consumed =
        assetRuns().stream()
            .flatMap(r -> assets.triggeringEvents(r.id()).stream())
            .map(AssetEvent::id)
            .toList();
    assertThat(consumed).doesNotHaveDuplicates().contains(early, late).hasSize(4);
  }

  /** A producer's insert of one event, in its own transaction left open. */
  private long insertEvent(Connection producer, Asset asset) throws SQLException {
    clock.advance(Duration.ofSeconds(1));
    try (PreparedStatement insert =
        producer.prepareStatement(
            """
            insert into asset_event (asset_id, created_at, external_by)
            select id, ?, 'producer' from asset where uri = ? returning id
            """)) {
      insert.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
      insert.setString(2, asset.uri());
      try (ResultSet id = insert.executeQuery()) {
        assertThat(id.next()).as("asset %s exists", asset.uri()).isTrue();
        return id.getLong(1);
      }
    }
  }
}
