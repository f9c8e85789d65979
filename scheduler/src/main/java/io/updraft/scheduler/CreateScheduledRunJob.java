package io.updraft.scheduler;

import io.updraft.core.run.DagStore;
import io.updraft.core.run.StoredDag;
import java.util.Optional;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a DAG's Quartz trigger does when an interval ends: create the runs now due. Quartz is the
 * alarm clock; the timetable decides which intervals exist, so a late or doubled firing is
 * harmless.
 */
final class CreateScheduledRunJob implements Job {
  static final String DAG_ID = "dag_id";
  private static final Logger LOG = LoggerFactory.getLogger(CreateScheduledRunJob.class);

  private final DagStore dags;
  private final CreateScheduledRuns create;

  CreateScheduledRunJob(DagStore dags, CreateScheduledRuns create) {
    this.dags = dags;
    this.create = create;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String dagId = context.getMergedJobDataMap().getString(DAG_ID);
    Optional<StoredDag> stored = dags.find(dagId);
    if (stored.isEmpty() || stored.get().paused() || !stored.get().active()) {
      LOG.debug("Not creating a run of {}: unknown, paused or inactive", dagId);
      return;
    }
    try {
      create.runOnce(stored.get().structure());
    } catch (RuntimeException e) {
      LOG.error("Cannot create the scheduled runs of {}", dagId, e);
    }
  }
}
