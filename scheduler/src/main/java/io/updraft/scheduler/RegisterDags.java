package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.LoadedDag;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.schedule.Timetable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each DAG's structure and code version in the {@code dag} table (the API and UI read only
 * that) and keeps one Quartz trigger per scheduled DAG in step with its schedule. When the DAGs
 * change (a jar dropped into, replaced in or removed from the DAGs folder) it registers them again,
 * deactivates the DAGs whose jar left, and stores which files did not load (import errors).
 */
final class RegisterDags {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterDags.class);
  private static final String GROUP = "dags";
  private static final String SPEC = "spec";

  private final DagSource source;
  private final DagStore dags;
  private final ImportErrorStore importErrors;
  private final Scheduler quartz;
  private final Clock clock;
  private final boolean pausedOnCreation;
  private DagSnapshot registered;

  /**
   * @param pausedOnCreation whether a DAG seen for the first time starts paused, unless the DAG
   *     says otherwise ({@code dags.paused_on_creation})
   */
  RegisterDags(
      DagSource source,
      DagStore dags,
      ImportErrorStore importErrors,
      Scheduler quartz,
      Clock clock,
      boolean pausedOnCreation) {
    this.source = source;
    this.dags = dags;
    this.importErrors = importErrors;
    this.quartz = quartz;
    this.clock = clock;
    this.pausedOnCreation = pausedOnCreation;
  }

  /** Registers the DAGs unless they are those registered last time. */
  void runOnce() throws SchedulerException {
    DagSnapshot snapshot = source.current();
    if (snapshot == registered) {
      return;
    }
    snapshot.errors().forEach(error -> LOG.error("DAG not loaded: {}", error));
    Map<JobDetail, Set<? extends Trigger>> triggers = new LinkedHashMap<>();
    for (LoadedDag loaded : snapshot.loaded()) {
      Dag dag = loaded.dag();
      boolean pausedIfNew = dag.pausedOnCreation().orElse(pausedOnCreation);
      if (dags.save(dag.structure(), loaded.codeVersion(), clock.instant(), pausedIfNew)) {
        LOG.info(
            "Registered DAG {} (version {}{})",
            dag.id(),
            dag.structure().versionHash(),
            loaded.codeVersion() == null
                ? ""
                : ", " + loaded.origin() + " " + loaded.codeVersion().substring(0, 12));
      }
      schedule(dag, triggers);
    }
    if (!triggers.isEmpty()) {
      // One transaction under Quartz's lock for all of them: one each made registering 2,000 DAGs
      // take a minute (the scale benchmark).
      quartz.scheduleJobs(triggers, true);
    }
    List<String> deactivated =
        source.readsDagJars()
            ? dags.deactivateJarDagsOtherThan(snapshot.byId().keySet(), clock.instant())
            : List.of();
    for (String gone : deactivated) {
      quartz.unscheduleJob(TriggerKey.triggerKey(gone, GROUP));
      LOG.info("Deactivated DAG {}: its jar left the DAGs folder; its runs and history stay", gone);
    }
    if (source.readsDagJars()) {
      // As with deactivation: a scheduler without the DAGs folder cannot tell which jars fail, and
      // must not delete the errors of those that the others see.
      importErrors.replaceAll(snapshot.fileErrors(), clock.instant());
    }
    registered = snapshot;
  }

  private void schedule(Dag dag, Map<JobDetail, Set<? extends Trigger>> triggers)
      throws SchedulerException {
    TriggerKey triggerKey = TriggerKey.triggerKey(dag.id(), GROUP);
    Trigger existing = quartz.getTrigger(triggerKey);
    if (dag.schedule().isNone()) {
      if (existing != null) {
        quartz.unscheduleJob(triggerKey);
      }
      return;
    }
    String spec = spec(dag);
    if (existing != null && spec.equals(existing.getJobDataMap().getString(SPEC))) {
      return;
    }
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
            .usingJobData(SPEC, spec)
            .startAt(Date.from(firstFire(dag)))
            .withSchedule(quartzSchedule(dag))
            .build();
    // Stored or replaced with the others, in one call: schedulers starting together all register
    // the same DAGs, and a check-then-insert would fail on the one that comes second.
    triggers.put(job, Set.of(trigger));
    LOG.info("Scheduled DAG {} with '{}' ({})", dag.id(), dag.schedule(), dag.timezone());
  }

  /** What the trigger was made from: a trigger whose spec matches is left alone. */
  private static String spec(Dag dag) {
    return dag.schedule().expression() + "|" + dag.timezone().getId() + "|" + dag.startDate();
  }

  /**
   * Quartz fires at the ends of intervals: cron times in the DAG's zone, the steps of a fixed
   * interval, or the start date for {@code @once}. The timetable, not the firing, decides which
   * runs exist, so catch-up of intervals missed before now happens on the first firing or sweep.
   */
  private ScheduleBuilder<? extends Trigger> quartzSchedule(Dag dag) {
    Optional<Duration> every = dag.schedule().fixedInterval();
    if (every.isPresent()) {
      return SimpleScheduleBuilder.simpleSchedule()
          .withIntervalInMilliseconds(every.get().toMillis())
          .repeatForever()
          .withMisfireHandlingInstructionNextWithRemainingCount();
    }
    if (dag.schedule().isOnce()) {
      return SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow();
    }
    return CronScheduleBuilder.cronSchedule(dag.schedule().quartzExpression())
        .inTimeZone(TimeZone.getTimeZone(dag.timezone()))
        .withMisfireHandlingInstructionFireAndProceed();
  }

  private Instant firstFire(Dag dag) {
    Instant now = clock.instant();
    Optional<Duration> every = dag.schedule().fixedInterval();
    if (every.isPresent()) {
      return Timetable.of(dag).upcoming(now.minus(every.get()), 2).stream()
          .map(DataInterval::end)
          .filter(end -> end.isAfter(now))
          .findFirst()
          .orElse(now);
    }
    if (dag.schedule().isOnce() && dag.startDate() != null && dag.startDate().isAfter(now)) {
      return dag.startDate();
    }
    return now;
  }
}
