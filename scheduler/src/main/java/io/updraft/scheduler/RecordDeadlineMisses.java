package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.deadline.Deadline;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the deadlines active runs and their tasks missed (Airflow's deadline alerts and SLA
 * misses), once each however many schedulers look. The run goes on. Recording a miss also asks for
 * the DAG's {@code onDeadlineMiss} callback in the same transaction (a {@code deadline_miss}
 * callback request), which {@link CallDeadlineMissCallbacks} calls: a scheduler that dies between
 * the two loses no callback.
 */
final class RecordDeadlineMisses {
  private static final Logger LOG = LoggerFactory.getLogger(RecordDeadlineMisses.class);

  private final RunStore runs;
  private final DagSource dagSource;
  private final Clock clock;

  RecordDeadlineMisses(RunStore runs, DagSource dagSource, Clock clock) {
    this.runs = runs;
    this.dagSource = dagSource;
    this.clock = clock;
  }

  /** Returns the misses this call recorded. */
  List<DeadlineMiss> runOnce(List<DagRun> active) {
    Instant now = clock.instant();
    List<DeadlineMiss> recorded = new ArrayList<>();
    for (DagRun run : active) {
      Optional<Dag> dag = dagOf(run);
      if (dag.isEmpty()) {
        continue;
      }
      for (DeadlineMiss miss : missesOf(run, dag.get(), now)) {
        if (runs.recordDeadlineMiss(miss)) {
          recorded.add(miss);
          LOG.warn("Deadline missed: {} was due at {}", miss.describe(), miss.deadline());
        }
      }
    }
    return recorded;
  }

  private Optional<Dag> dagOf(DagRun run) {
    try {
      return Optional.of(dagSource.dag(run.dagId(), run.codeVersion()));
    } catch (RuntimeException e) {
      // A DAG this scheduler does not have (yet): another scheduler that has it records the miss.
      return Optional.empty();
    }
  }

  private List<DeadlineMiss> missesOf(DagRun run, Dag dag, Instant now) {
    List<DeadlineMiss> misses = new ArrayList<>();
    dag.deadline()
        .flatMap(d -> passed(d, run, now))
        .ifPresent(due -> misses.add(miss(run, null, due, now)));
    List<Task> withDeadlines = dag.tasks().stream().filter(t -> t.deadline() != null).toList();
    if (withDeadlines.isEmpty()) {
      return misses;
    }
    List<TaskInstance> instances = runs.taskInstances(run.id());
    for (Task task : withDeadlines) {
      Optional<Instant> due = passed(task.deadline(), run, now);
      // A task is done when every one of its instances (a mapped task has many) is.
      boolean unfinished =
          instances.stream()
              .anyMatch(ti -> ti.taskId().equals(task.id()) && !ti.state().isTerminal());
      if (due.isPresent() && unfinished) {
        misses.add(miss(run, task.id(), due.get(), now));
      }
    }
    return misses;
  }

  private static Optional<Instant> passed(Deadline deadline, DagRun run, Instant now) {
    return deadline.dueFor(run.logicalDate(), run.startDate()).filter(due -> !now.isBefore(due));
  }

  private static DeadlineMiss miss(DagRun run, String taskId, Instant due, Instant now) {
    return new DeadlineMiss(run.id(), run.dagId(), run.runId(), taskId, due, now);
  }
}
