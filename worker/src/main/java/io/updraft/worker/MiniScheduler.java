package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
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
  private final AdvanceRun advance;
  // By DAG object, not id: a jar deployed without a restart brings a new DAG under the same id.
  // Weak keys, so that a replaced version's classes can be unloaded.
  private final Map<Dag, Set<String>> upstreamTasks =
      Collections.synchronizedMap(new WeakHashMap<>());

  MiniScheduler(DagSource dagSource, RunStructures structures, AdvanceRun advance) {
    this.dagSource = dagSource;
    this.structures = structures;
    this.advance = advance;
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
    Set<String> upstreamOfSomething =
        dagSource.current().get(ti.dagId()).stream()
            .map(
                dag ->
                    upstreamTasks.computeIfAbsent(
                        dag,
                        d ->
                            d.tasks().stream()
                                .flatMap(t -> t.upstream().stream())
                                .collect(Collectors.toUnmodifiableSet())))
            .findFirst()
            .orElse(Set.of());
    return upstreamOfSomething.contains(ti.taskId());
  }

  /**
   * Plans the runs of a batch in one transaction ({@link AdvanceRun#advanceAll}): the tasks of a
   * batch belong to many runs, and a transaction per run would wait in turn for the same pool
   * locks.
   */
  void planAll(Collection<DagRun> toPlan) {
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    for (DagRun run : toPlan) {
      structures.of(run).ifPresent(dag -> planning.add(new AdvanceRun.Planning(run, dag)));
    }
    try {
      advance.advanceAll(planning);
    } catch (RuntimeException e) {
      // The scheduler plans the runs on their events anyway.
      LOG.warn("Cannot plan {} run(s) after a batch: {}", planning.size(), e.toString());
    }
  }
}
