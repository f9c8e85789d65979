package io.updraft.worker;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's share of planning (Airflow's mini scheduler): after a batch of tries, it plans the
 * runs where that can queue something at once, so the next tasks need not wait for the scheduler.
 */
final class MiniScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(MiniScheduler.class);
  private static final int SMALL_RUN_TASKS = 100;

  private final DagSource dagSource;
  private final RunStructures structures;
  private final RunProgress progress;

  MiniScheduler(DagSource dagSource, RunStructures structures, RunProgress progress) {
    this.dagSource = dagSource;
    this.structures = structures;
    this.progress = progress;
  }

  /**
   * Whether the mini scheduler should plan the try's run now. A small run is planned after every
   * try: that queues what became ready, retries at once, and closes the run without waiting for the
   * scheduler. A run of thousands of tasks is planned only when the try has downstream work or a
   * retry, since each plan reads the whole run; the scheduler closes it on the run event.
   */
  boolean worthPlanning(TaskInstance ti, TaskState outcome) {
    boolean small =
        dagSource
            .current()
            .get(ti.dagId())
            .map(d -> d.tasks().size() <= SMALL_RUN_TASKS)
            .orElse(false);
    return small || outcome == TaskState.UP_FOR_RETRY || hasDownstream(ti);
  }

  /**
   * Whether any task waits for this one. Without one there is nothing for the mini scheduler to
   * queue, and the scheduler closes the run on the event: planning a run reads all its tasks, which
   * for a run of thousands of tasks would cost more than the task.
   */
  private boolean hasDownstream(TaskInstance ti) {
    return dagSource
        .current()
        .get(ti.dagId())
        .map(dag -> CompiledDag.of(dag.structure()).hasDownstream(ti.taskId()))
        .orElse(false);
  }

  /**
   * Plans the runs of a batch in one transaction ({@link RunProgress#plan(List)}): the tasks of a
   * batch belong to many runs, and a transaction per run would wait in turn for the same pool
   * locks.
   */
  void planAll(Collection<DagRun> toPlan) {
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    for (DagRun run : toPlan) {
      structures.of(run).ifPresent(dag -> planning.add(new AdvanceRun.Planning(run, dag)));
    }
    try {
      progress.plan(planning);
    } catch (RuntimeException e) {
      // The scheduler plans the runs on their events anyway.
      LOG.warn("Cannot plan {} run(s) after a batch: {}", planning.size(), e.toString());
    }
  }
}
