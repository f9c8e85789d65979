package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runs of many DAGs created together, as a schedule's trigger creates them. */
@ExtendWith(PostgresExtension.class)
class PostgresRunBatchTest {
  private static final DagStructure ETL = dag("etl", "extract", "transform", "load");
  private static final DagStructure REPORT = dag("report", "query", "send");
  private static final Map<String, DagStructure> BY_ID = Map.of("etl", ETL, "report", REPORT);

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @BeforeEach
  void saveDags() {
    PostgresDagStore dags = new PostgresDagStore(postgres.database());
    dags.save(ETL, "jar-v1", T0);
    dags.save(REPORT, T0);
  }

  private static NewDagRun scheduled(String dagId, Instant start) {
    return NewDagRun.scheduled(dagId, start, start.plus(Duration.ofDays(1)));
  }

  @Test
  void the_runs_of_several_dags_come_with_their_task_instances_in_each_dags_order() {
    List<DagRun> made =
        postgres.runs().createRuns(List.of(scheduled("etl", T0), scheduled("report", T0)), BY_ID);

    assertThat(made).extracting(DagRun::dagId).containsExactly("etl", "report");
    assertThat(made).allSatisfy(run -> assertThat(run.state()).isEqualTo(RunState.QUEUED));
    assertThat(made.getFirst().codeVersion()).isEqualTo("jar-v1");
    assertThat(made.getLast().codeVersion()).isNull();
    assertThat(made.getFirst().logicalDate()).isEqualTo(T0);
    assertThat(made.getFirst().dataIntervalEnd()).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(postgres.runs().listRuns("etl", 5)).containsExactly(made.getFirst());
    assertThat(postgres.runs().taskInstances(made.getFirst().id()))
        .extracting(TaskInstance::taskId)
        .containsExactly("extract", "transform", "load");
    assertThat(postgres.runs().taskInstances(made.getLast().id()))
        .extracting(TaskInstance::taskId)
        .containsExactly("query", "send");
    assertThat(postgres.runs().taskInstances(made.getLast().id()))
        .allSatisfy(
            ti -> {
              assertThat(ti.state()).isEqualTo(TaskState.NONE);
              assertThat(ti.runId()).isEqualTo(made.getLast().runId());
            });
  }

  @Test
  void a_run_that_exists_is_skipped_with_its_task_instances_and_the_others_are_made() {
    DagRun existing = postgres.runs().createRun(scheduled("etl", T0), ETL).orElseThrow();

    List<DagRun> made =
        postgres
            .runs()
            .createRuns(
                List.of(
                    scheduled("etl", T0),
                    scheduled("etl", T0.plus(Duration.ofDays(1))),
                    scheduled("report", T0)),
                BY_ID);

    assertThat(made)
        .extracting(DagRun::logicalDate, DagRun::dagId)
        .containsExactly(tuple(T0.plus(Duration.ofDays(1)), "etl"), tuple(T0, "report"));
    assertThat(postgres.runs().taskInstances(existing.id())).hasSize(3);
    assertThat(postgres.runs().listRuns("etl", 5)).hasSize(2);
  }

  @Test
  void more_runs_than_one_statement_takes_are_all_made() {
    List<NewDagRun> many = new ArrayList<>();
    for (int day = 0; day < 450; day++) {
      many.add(scheduled("report", T0.plus(Duration.ofDays(day))));
    }

    assertThat(postgres.runs().createRuns(many, BY_ID)).hasSize(450);
    assertThat(postgres.runs().listRuns("report", 1000)).hasSize(450);
    assertThat(postgres.runs().createRuns(many, BY_ID)).isEmpty();
  }
}
