package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import java.util.List;

/** A DAG with a cycle, on the test classpath, to see how the commands report it. */
public final class BrokenTestDags implements DagProvider {
  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("broken_cycle")
            .task(Task.bash("a", "true").after("c"))
            .task(Task.bash("b", "true").after("a"))
            .task(Task.bash("c", "true").after("b"))
            .build());
  }
}
