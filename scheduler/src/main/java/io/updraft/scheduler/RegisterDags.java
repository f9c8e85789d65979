package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.run.DagStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each DAG's structure in the {@code dag} table (the API and UI read only that) and keeps
 * one Quartz trigger per scheduled DAG in step with its schedule.
 */
final class RegisterDags {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterDags.class);
  private static final String GROUP = "dags";

  private final DagBag dagBag;
  private final DagStore dags;
  private final Scheduler quartz;
  private final Clock clock;

  RegisterDags(DagBag dagBag, DagStore dags, Scheduler quartz, Clock clock) {
    this.dagBag = dagBag;
    this.dags = dags;
    this.quartz = quartz;
    this.clock = clock;
  }

  void runOnce() throws SchedulerException {
    dagBag.errors().forEach(error -> LOG.error("DAG not loaded: {}", error));
    for (Dag dag : dagBag.dags()) {
      if (dags.save(dag.structure(), clock.instant())) {
        LOG.info("Registered DAG {} (version {})", dag.id(), dag.structure().versionHash());
      }
      schedule(dag);
    }
  }

  private void schedule(Dag dag) throws SchedulerException {
    TriggerKey triggerKey = TriggerKey.triggerKey(dag.id(), GROUP);
    Trigger existing = quartz.getTrigger(triggerKey);
    if (dag.schedule().isNone()) {
      if (existing != null) {
        quartz.unscheduleJob(triggerKey);
      }
      return;
    }
    String cron = dag.schedule().quartzExpression();
    TimeZone zone = TimeZone.getTimeZone(dag.timezone());
    if (existing instanceof CronTrigger current
        && current.getCronExpression().equals(cron)
        && current.getTimeZone().getID().equals(zone.getID())) {
      return;
    }
    Instant firstRun = DataIntervals.firstRunAt(dag.schedule(), dag.timezone(), dag.startDate());
    // Without catch-up, intervals missed before now are not run: start the trigger from now.
    Instant startAt =
        dag.catchup() || firstRun.isAfter(clock.instant()) ? firstRun : clock.instant();
    JobDetail job =
        JobBuilder.newJob(CreateScheduledRunJob.class)
            .withIdentity(JobKey.jobKey(dag.id(), GROUP))
            .usingJobData(CreateScheduledRunJob.DAG_ID, dag.id())
            .storeDurably()
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey)
            .forJob(job)
            .startAt(Date.from(startAt))
            .withSchedule(
                CronScheduleBuilder.cronSchedule(cron)
                    .inTimeZone(zone)
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    quartz.addJob(job, true);
    if (existing == null) {
      quartz.scheduleJob(trigger);
    } else {
      quartz.rescheduleJob(triggerKey, trigger);
    }
    LOG.info("Scheduled DAG {} with '{}' ({})", dag.id(), dag.schedule(), zone.getID());
  }
}
