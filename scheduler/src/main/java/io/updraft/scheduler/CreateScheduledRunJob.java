package io.updraft.scheduler;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.StoredDag;
import java.util.List;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schedule's Quartz trigger does when an interval ends: create the runs now due of every DAG
 * on that schedule ({@link ScheduleGroup}), unless it is paused or gone. Quartz is the alarm clock;
 * each DAG's timetable (start and end dates, catch-up) decides which intervals exist, so a late or
 * doubled firing is harmless.
 */
final class CreateScheduledRunJob implements Job {
  static final String SPEC = "spec";
  private static final Logger LOG = LoggerFactory.getLogger(CreateScheduledRunJob.class);

  private final DagStore dags;
  private final CreateScheduledRuns create;

  CreateScheduledRunJob(DagStore dags, CreateScheduledRuns create) {
    this.dags = dags;
    this.create = create;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String spec = context.getMergedJobDataMap().getString(SPEC);
    long began = System.nanoTime();
    try {
      List<DagStructure> due =
          dags.list().stream()
              .filter(dag -> !dag.paused() && dag.active())
              .map(StoredDag::structure)
              .filter(dag -> ScheduleGroup.of(dag).map(g -> g.spec().equals(spec)).orElse(false))
              .toList();
      int created = create.runOnce(due);
      LOG.info(
          "Schedule {}: {} new runs of {} unpaused DAGs in {} ms",
          spec,
          created,
          due.size(),
          (System.nanoTime() - began) / 1_000_000);
    } catch (RuntimeException e) {
      // The sweep creates what this missed, DAG by DAG.
      LOG.error("Cannot create the scheduled runs of schedule {}", spec, e);
    }
  }
}
