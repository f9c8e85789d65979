package io.updraft.core.run;

import io.updraft.core.queue.RunEvents;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DagRuns} over the stores: a trigger takes the path of the API's and the command line's
 * ({@link ManualTrigger}, then {@link RunStore#createRun}) and wakes the scheduler up with a run
 * event, so a triggered run starts without waiting for a sweep.
 */
public final class StoredDagRuns implements DagRuns {
  private final RunStore runs;
  private final DagStore dags;
  private final RunEvents events;
  private final Clock clock;

  /** {@code events} may be null: the scheduler's sweep then starts the run. */
  public StoredDagRuns(RunStore runs, DagStore dags, RunEvents events, Clock clock) {
    this.runs = runs;
    this.dags = dags;
    this.events = events;
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
    if (events != null) {
      events.publish(run.id());
    }
    return new TriggeredRun(run, dag.paused());
  }

  @Override
  public Optional<DagRun> run(String dagId, String runId) {
    return runs.findRun(dagId, runId);
  }

  @Override
  public Optional<DagRun> runAt(String dagId, Instant logicalDate) {
    return runs.findRunAt(dagId, logicalDate);
  }

  @Override
  public List<TaskState> taskStates(DagRun run, String taskId) {
    return runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .map(TaskInstance::state)
        .toList();
  }
}
