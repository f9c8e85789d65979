package io.updraft.core.run;

import io.updraft.core.state.TaskState;
import io.updraft.core.task.DagRuns;
import io.updraft.core.task.OtherRun;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@link DagRuns} over the stores: a trigger takes the path of the API's and the command line's
 * ({@link ManualTrigger}, then {@link RunStore#createRun}) and tells {@code runCreated} (the run
 * events), so a triggered run starts without waiting for the scheduler's sweep.
 */
public final class StoredDagRuns implements DagRuns {
  private final RunStore runs;
  private final DagStore dags;
  private final LongConsumer runCreated;
  private final Clock clock;

  /** {@code runCreated} gets each new run's id, to publish as a run event. */
  public StoredDagRuns(RunStore runs, DagStore dags, LongConsumer runCreated, Clock clock) {
    this.runs = runs;
    this.dags = dags;
    this.runCreated = runCreated;
    this.clock = clock;
  }

  @Override
  public TriggeredRun trigger(
      String dagId, String runId, Instant logicalDate, Map<String, Object> conf) {
    StoredDag dag =
        dags.find(dagId)
            .filter(StoredDag::active)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot trigger DAG '"
                            + dagId
                            + "': no such DAG is registered (check the DAG id, and that its jar is"
                            + " in the DAGs folder)"));
    NewDagRun request =
        ManualTrigger.request(dag.structure(), runId, logicalDate, conf, clock.instant());
    DagRun run =
        runs.createRun(request, dag.structure())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "DAG '"
                            + dagId
                            + "' already has a run with id '"
                            + request.runId()
                            + "' or logical date "
                            + request.logicalDate()
                            + "; choose another run id or logical date"));
    runCreated.accept(run.id());
    return new TriggeredRun(shown(run), dag.paused());
  }

  @Override
  public Optional<OtherRun> run(String dagId, String runId) {
    return runs.findRun(dagId, runId).map(StoredDagRuns::shown);
  }

  @Override
  public Optional<OtherRun> runAt(String dagId, Instant logicalDate) {
    return runs.findRunAt(dagId, logicalDate).map(StoredDagRuns::shown);
  }

  @Override
  public List<TaskState> taskStates(OtherRun run, String taskId) {
    return runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .map(TaskInstance::state)
        .toList();
  }

  private static OtherRun shown(DagRun run) {
    return new OtherRun(
        run.id(), run.dagId(), run.runId(), run.state(), run.logicalDate(), run.queuedAt());
  }
}
