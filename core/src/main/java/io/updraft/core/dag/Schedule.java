package io.updraft.core.dag;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a DAG runs: a 5-field Unix cron expression, an Airflow preset such as {@code @daily}, or
 * none (manual triggers only). A run's logical date is the start of its data interval, and it runs
 * once that interval has ended, as in Airflow.
 */
public final class Schedule {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static final Map<String, String> PRESETS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private static final Schedule NONE = new Schedule("none", null);

  private final String expression;
  private final Cron cron;

  private Schedule(String expression, Cron cron) {
    this.expression = expression;
    this.cron = cron;
  }

  /** Manual triggers only. */
  public static Schedule none() {
    return NONE;
  }

  /**
   * Parses a schedule as users write it: {@code null}, {@code "none"} or {@code "@none"} for manual
   * only, a preset ({@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code
   * @yearly}) or a 5-field Unix cron expression.
   */
  public static Schedule parse(String expression) {
    if (expression == null) {
      return NONE;
    }
    String trimmed = expression.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.equals("none") || lower.equals("@none") || lower.isEmpty()) {
      return NONE;
    }
    String cronText = trimmed.startsWith("@") ? PRESETS.get(lower) : trimmed;
    if (cronText == null) {
      throw new IllegalArgumentException(
          "Unknown schedule preset '"
              + trimmed
              + "'; expected one of "
              + PRESETS.keySet().stream().sorted().toList()
              + ", a 5-field cron expression such as '30 2 * * *', or 'none'");
    }
    try {
      return new Schedule(trimmed, UNIX.parse(cronText).validate());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid cron expression '"
              + trimmed
              + "': "
              + e.getMessage()
              + ". Expected 5 fields: minute hour day-of-month month day-of-week, e.g. '30 2 * * *'",
          e);
    }
  }

  public boolean isNone() {
    return cron == null;
  }

  /** The expression as the user wrote it, {@code "none"} for manual only. */
  public String expression() {
    return expression;
  }

  /** The same schedule in Quartz's 6/7-field cron syntax. */
  public String quartzExpression() {
    requireCron();
    return CronMapper.fromUnixToQuartz().map(cron).asString();
  }

  /** The first time the schedule fires strictly after {@code after}. */
  public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    requireCron();
    return ExecutionTime.forCron(cron)
        .nextExecution(ZonedDateTime.ofInstant(after, zone))
        .map(ZonedDateTime::toInstant);
  }

  /** The last time the schedule fired strictly before {@code before}. */
  public Optional<Instant> previousBefore(Instant before, ZoneId zone) {
    requireCron();
    return ExecutionTime.forCron(cron)
        .lastExecution(ZonedDateTime.ofInstant(before, zone))
        .map(ZonedDateTime::toInstant);
  }

  private void requireCron() {
    if (cron == null) {
      throw new IllegalStateException("The schedule 'none' never fires");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule other && other.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
