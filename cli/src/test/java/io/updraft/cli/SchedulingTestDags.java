package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import java.time.LocalDate;
import java.util.List;

/** A daily DAG in Berlin with declared params, for the scheduling commands' tests. */
public final class SchedulingTestDags implements DagProvider {
  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("sched_berlin")
            .schedule("@daily")
            .timezone("Europe/Berlin")
            .startDate(LocalDate.of(2026, 1, 1))
            .maxActiveRuns(2)
            .param("table", "sales")
            .param("limit", Param.required("integer"))
            .task(Task.bash("extract", "echo {{ params.table }}"))
            .task(Task.bash("load", "echo load").after("extract"))
            .build());
  }
}
