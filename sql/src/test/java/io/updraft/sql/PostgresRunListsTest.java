package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.schedule.DataInterval;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DAGs page's lookups of many DAGs at once agree with the lookups of one DAG each. */
@ExtendWith(PostgresExtension.class)
class PostgresRunListsTest {
  private static final DagStructure ETL = dag("etl", "extract");
  private static final DagStructure REPORT = dag("report", "render");
  private static final DagStructure IDLE = dag("idle", "wait");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @BeforeEach
  void saveDags() {
    PostgresDagStore dags = new PostgresDagStore(postgres.database());
    dags.save(ETL, T0);
    dags.save(REPORT, T0);
    dags.save(IDLE, T0);
  }

  private static void scheduled(DagStructure dag, Instant start) {
    postgres
        .runs()
        .createRun(NewDagRun.scheduled(dag.dagId(), start, start.plus(Duration.ofHours(1))), dag)
        .orElseThrow();
  }

  @Test
  void each_dags_newest_runs_come_in_one_call_as_they_come_one_dag_at_a_time() {
    for (int i = 0; i < 5; i++) {
      scheduled(ETL, T0.plus(Duration.ofHours(i)));
    }
    scheduled(REPORT, T0);
    postgres
        .runs()
        .createRun(NewDagRun.manual("report", T0.plus(Duration.ofDays(1)), Map.of()), REPORT)
        .orElseThrow();

    Map<String, List<DagRun>> lists = postgres.runs().listRuns(List.of("etl", "report", "idle"), 3);

    assertThat(lists.keySet()).containsExactly("etl", "report", "idle");
    assertThat(lists.get("etl")).isEqualTo(postgres.runs().listRuns("etl", 3)).hasSize(3);
    assertThat(lists.get("etl").getFirst().logicalDate()).isEqualTo(T0.plus(Duration.ofHours(4)));
    assertThat(lists.get("report")).isEqualTo(postgres.runs().listRuns("report", 3)).hasSize(2);
    assertThat(lists.get("idle")).isEmpty();
  }

  @Test
  void each_dags_last_scheduled_interval_skips_manual_runs_and_dags_never_scheduled() {
    scheduled(ETL, T0);
    scheduled(ETL, T0.plus(Duration.ofHours(1)));
    postgres
        .runs()
        .createRun(NewDagRun.manual("etl", T0.plus(Duration.ofDays(2)), Map.of()), ETL)
        .orElseThrow();
    postgres.runs().createRun(NewDagRun.manual("report", T0, Map.of()), REPORT).orElseThrow();

    Map<String, DataInterval> last =
        postgres.runs().lastScheduledIntervals(List.of("etl", "report", "idle"));

    assertThat(last)
        .containsOnlyKeys("etl")
        .containsEntry("etl", postgres.runs().lastScheduledInterval("etl").orElseThrow());
    assertThat(last.get("etl").start()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void no_dags_make_no_query_and_an_empty_answer() {
    assertThat(postgres.runs().listRuns(List.of(), 10)).isEmpty();
    assertThat(postgres.runs().lastScheduledIntervals(List.of())).isEmpty();
  }
}
