package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import java.util.Optional;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a DAG's Quartz trigger does: insert the run of the interval that just ended. The insert is
 * idempotent, so a trigger that fires twice (a misfire, two schedulers) still makes one run.
 */
final class CreateScheduledRunJob implements Job {
  static final String DAG_ID = "dag_id";
  private static final Logger LOG = LoggerFactory.getLogger(CreateScheduledRunJob.class);

  private final DagBag dagBag;
  private final DagStore dags;
  private final RunStore runs;
  private final RunEvents events;

  CreateScheduledRunJob(DagBag dagBag, DagStore dags, RunStore runs, RunEvents events) {
    this.dagBag = dagBag;
    this.dags = dags;
    this.runs = runs;
    this.events = events;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String dagId = context.getMergedJobDataMap().getString(DAG_ID);
    Optional<Dag> dag = dagBag.get(dagId);
    Optional<StoredDag> stored = dags.find(dagId);
    if (dag.isEmpty() || stored.isEmpty() || stored.get().paused()) {
      LOG.debug("Not creating a run of {}: unknown here or paused", dagId);
      return;
    }
    DataIntervals.endingAtOrBefore(
            dag.get().schedule(), dag.get().timezone(), context.getScheduledFireTime().toInstant())
        .flatMap(
            interval ->
                runs.createRun(
                    NewDagRun.scheduled(dagId, interval.start(), interval.end()),
                    dag.get().structure()))
        .ifPresent(
            run -> {
              LOG.info("Created run {} of {}", run.runId(), dagId);
              events.publish(run.id());
            });
  }
}
