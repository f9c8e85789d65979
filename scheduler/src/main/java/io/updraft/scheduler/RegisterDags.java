package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.LoadedDag;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.StoredDag;
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
import java.util.stream.Collectors;
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
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each DAG's structure and code version in the {@code dag} table (the API and UI read only
 * that) and keeps one Quartz trigger per distinct schedule ({@link ScheduleGroup}) in step with the
 * DAGs on it: a trigger no active DAG uses any more is deleted. When the DAGs change (a jar dropped
 * into, replaced in or removed from the DAGs folder) it registers them again, deactivates the DAGs
 * whose jar left, and stores which files did not load (import errors).
 */
final class RegisterDags {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterDags.class);

  /** Where each DAG had a trigger of its own, before triggers were shared per schedule. */
  private static final String PER_DAG_GROUP = "dags";

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
    Map<String, Dag> groups = new LinkedHashMap<>();
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
      ScheduleGroup.of(dag.structure()).ifPresent(g -> groups.putIfAbsent(g.spec(), dag));
    }
    Map<JobDetail, Set<? extends Trigger>> triggers = new LinkedHashMap<>();
    for (Map.Entry<String, Dag> group : groups.entrySet()) {
      schedule(new ScheduleGroup(group.getKey()), group.getValue(), triggers);
    }
    if (!triggers.isEmpty()) {
      // Stored or replaced together, in one transaction under Quartz's lock: schedulers starting
      // together all register the same schedules, and a check-then-insert would fail on the one
      // that comes second.
      quartz.scheduleJobs(triggers, true);
    }
    List<String> deactivated =
        source.readsDagJars()
            ? dags.deactivateJarDagsOtherThan(snapshot.byId().keySet(), clock.instant())
            : List.of();
    for (String gone : deactivated) {
      LOG.info("Deactivated DAG {}: its jar left the DAGs folder; its runs and history stay", gone);
    }
    removePerDagTriggers();
    removeUnusedTriggers();
    if (source.readsDagJars()) {
      // As with deactivation: a scheduler without the DAGs folder cannot tell which jars fail, and
      // must not delete the errors of those that the others see.
      importErrors.replaceAll(snapshot.fileErrors(), clock.instant());
    }
    registered = snapshot;
  }

  /** Adds the group's trigger to {@code triggers} unless it is stored as it should be. */
  private void schedule(
      ScheduleGroup group, Dag dag, Map<JobDetail, Set<? extends Trigger>> triggers)
      throws SchedulerException {
    TriggerKey triggerKey = TriggerKey.triggerKey(group.name(), ScheduleGroup.QUARTZ_GROUP);
    Trigger existing = quartz.getTrigger(triggerKey);
    if (existing != null
        && group.spec().equals(existing.getJobDataMap().getString(CreateScheduledRunJob.SPEC))) {
      return;
    }
    JobDetail job =
        JobBuilder.newJob(CreateScheduledRunJob.class)
            .withIdentity(JobKey.jobKey(group.name(), ScheduleGroup.QUARTZ_GROUP))
            // On the job too, so that a firing by hand (Scheduler.triggerJob) knows its DAGs.
            .usingJobData(CreateScheduledRunJob.SPEC, group.spec())
            .storeDurably()
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey)
            .forJob(job)
            .usingJobData(CreateScheduledRunJob.SPEC, group.spec())
            .startAt(Date.from(firstFire(dag)))
            .withSchedule(quartzSchedule(dag))
            .build();
    triggers.put(job, Set.of(trigger));
    LOG.info("Scheduled '{}' ({}) with one trigger for its DAGs", dag.schedule(), dag.timezone());
  }

  /**
   * Deletes the triggers of schedules that no active DAG has any more (its DAGs removed, moved to
   * another schedule, or left unscheduled). The triggers are listed before the DAGs are read: a
   * trigger that another scheduler stores meanwhile was stored after its DAG, which the read sees.
   * Paused DAGs keep their trigger, so that unpausing needs no registration.
   */
  private void removeUnusedTriggers() throws SchedulerException {
    Set<TriggerKey> stored =
        quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(ScheduleGroup.QUARTZ_GROUP));
    if (stored.isEmpty()) {
      return;
    }
    Set<String> used =
        dags.list().stream()
            .filter(StoredDag::active)
            .map(dag -> ScheduleGroup.of(dag.structure()))
            .flatMap(Optional::stream)
            .map(ScheduleGroup::name)
            .collect(Collectors.toSet());
    for (TriggerKey key : stored) {
      if (!used.contains(key.getName())) {
        quartz.deleteJob(JobKey.jobKey(key.getName(), ScheduleGroup.QUARTZ_GROUP));
        LOG.info("Removed the trigger of a schedule that no active DAG has any more ({})", key);
      }
    }
  }

  /** Deletes the per-DAG jobs and triggers that a scheduler stored before they were shared. */
  private void removePerDagTriggers() throws SchedulerException {
    List<JobKey> old = List.copyOf(quartz.getJobKeys(GroupMatcher.jobGroupEquals(PER_DAG_GROUP)));
    if (!old.isEmpty()) {
      quartz.deleteJobs(old);
      LOG.info("Replaced {} per-DAG triggers by one trigger per schedule", old.size());
    }
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
