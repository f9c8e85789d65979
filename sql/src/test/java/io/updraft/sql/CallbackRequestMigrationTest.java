package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V042 on a database that has run-callback requests of V038 in flight: its pending and failed rows
 * move to the callback outbox as run_finished requests, and a run that finishes afterwards still
 * asks for its callback.
 */
@ExtendWith(PostgresExtension.class)
class CallbackRequestMigrationTest {
  private static final DagStructure ETL = Fixtures.dag("etl", "extract", "load");

  @RegisterExtension final MigratedDatabase postgres = MigratedDatabase.ofItsOwnUpTo("41");

  @BeforeEach
  void saveDag() {
    new PostgresDagStore(postgres.database()).save(ETL, Fixtures.T0);
  }

  private DagRun finished(int day, RunState state) {
    DagRun run =
        postgres
            .runs()
            .createRun(
                NewDagRun.manual("etl", Fixtures.T0.plusSeconds(day * 86_400L), Map.of()), ETL)
            .orElseThrow();
    postgres.runs().setRunState(run.id(), RunState.RUNNING, Fixtures.T0);
    postgres.runs().setRunState(run.id(), state, Fixtures.T0);
    return run;
  }

  @Test
  void pending_and_failed_run_callback_requests_move_to_the_outbox_and_new_ones_follow() {
    DagRun pending = finished(1, RunState.SUCCESS);
    DagRun failedCallback = finished(2, RunState.FAILED);
    postgres
        .database()
        .dsl()
        .execute(
            "update dag_run_callback set done_at = now(), error = 'the pager is down'"
                + " where dag_run_id = ?",
            failedCallback.id());

    postgres.database().migrate();
    DagRun afterwards = finished(3, RunState.FAILED);

    List<String> rows =
        postgres
            .database()
            .dsl()
            .fetch(
                "select dag_run_id, kind, payload->>'state' as state,"
                    + " coalesce(error, 'pending') as error from callback_request order by id")
            .map(
                r ->
                    r.get("dag_run_id", Long.class)
                        + " "
                        + r.get("kind", String.class)
                        + " "
                        + r.get("state", String.class)
                        + " "
                        + r.get("error", String.class));
    assertThat(rows)
        .containsExactly(
            pending.id() + " run_finished success pending",
            failedCallback.id() + " run_finished failed the pager is down",
            afterwards.id() + " run_finished failed pending");
    Boolean dropped =
        postgres
            .database()
            .dsl()
            .fetchSingle("select to_regclass('dag_run_callback') is null")
            .get(0, Boolean.class);
    assertThat(dropped).isTrue();
  }
}
