package io.updraft.scheduler;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Schedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DAGs that Quartz fires together: one trigger per group, not per DAG. With the JDBC store
 * every firing is three transactions on one lock row, so 2,000 triggers at one minute boundary made
 * the last run a minute late; DAGs on the same cron in the same zone share one trigger, whose job
 * creates all their due runs. A DAG's own start date does not matter to a cron trigger (the
 * timetable decides which intervals exist), but fixed intervals and {@code @once} fire at times
 * counted from the start date, so those stay a group each unless their start dates match.
 *
 * @param spec what the trigger is made from: a stored trigger whose spec matches is left alone
 */
record ScheduleGroup(String spec) {
  /** The Quartz group of these triggers and their jobs. */
  static final String QUARTZ_GROUP = "schedules";

  /** The group of a DAG with a time schedule; empty for manual-only or asset-only DAGs. */
  static Optional<ScheduleGroup> of(DagStructure dag) {
    String key = dag.schedule() + "|" + dag.timezone() + "|" + dag.startDate();
    if (GROUPS.size() > 10_000) {
      GROUPS.clear();
    }
    return GROUPS.computeIfAbsent(key, k -> group(dag));
  }

  /** Few distinct schedules exist; the trigger's job looks up the group of every DAG it fires. */
  private static final Map<String, Optional<ScheduleGroup>> GROUPS = new ConcurrentHashMap<>();

  private static Optional<ScheduleGroup> group(DagStructure dag) {
    Schedule schedule = ParsedSchedules.of(dag.schedule());
    if (schedule.isNone()) {
      return Optional.empty();
    }
    String zone = dag.timezone();
    return Optional.of(
        new ScheduleGroup(
            schedule.isCron()
                ? "cron|" + schedule.quartzExpression() + "|" + zone
                : schedule.expression() + "|" + zone + "|" + dag.startDate()));
  }

  /** The trigger's name: short and fixed-length, as Quartz's name columns are bounded. */
  String name() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));
      return "schedule-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
