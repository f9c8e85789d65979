package io.updraft.core.dag;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a DAG runs: a 5-field Unix cron expression, an Airflow preset such as {@code @daily}, a fixed
 * interval ({@link #every(Duration)}, written as an ISO-8601 duration such as {@code PT30M}), {@code
 * @once}, or none (manual triggers only). A run's logical date is the start of its data interval,
 * and it runs once that interval has ended, as in Airflow.
 *
 * <p>A DAG may also run on data: {@link #onAssets} runs it once every asset it names was updated
 * since its last asset-triggered run, and {@link #or} adds a time schedule to that (Airflow 3's
 * {@code AssetOrTimeSchedule}). The time part is what {@link #expression()} and the other methods
 * speak of; {@link #assets()} is the rest.
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

  private static final Schedule NONE = new Schedule("none", null, null);
  private static final Schedule ONCE = new Schedule("@once", null, null);

  private final String expression;
  private final Cron cron;
  private final Duration every;
  private final List<Asset> assets;

  private Schedule(String expression, Cron cron, Duration every) {
    this(expression, cron, every, List.of());
  }

  private Schedule(String expression, Cron cron, Duration every, List<Asset> assets) {
    this.expression = expression;
    this.cron = cron;
    this.every = every;
    this.assets = assets;
  }

  /**
   * A run each time all of {@code assets} were updated (by a task's {@link Task#outlets} or an
   * external producer through the API) since the DAG's last asset-triggered run. No time schedule:
   * add one with {@link #or}.
   */
  public static Schedule onAssets(Asset... assets) {
    if (assets == null || assets.length == 0) {
      throw new IllegalArgumentException(
          "Schedule.onAssets needs at least one asset, such as Asset.of(\"s3://bucket/x\")");
    }
    return new Schedule("none", null, null, List.copyOf(new LinkedHashSet<>(List.of(assets))));
  }

  /**
   * This asset schedule, and also the runs of the time schedule {@code time} (a cron expression,
   * preset or interval): Airflow 3's {@code AssetOrTimeSchedule}.
   */
  public Schedule or(Schedule time) {
    if (assets.isEmpty()) {
      throw new IllegalArgumentException(
          "or(...) adds a time schedule to Schedule.onAssets(...); this schedule names no asset");
    }
    if (time == null || time.cron == null && time.every == null || !time.assets.isEmpty()) {
      throw new IllegalArgumentException(
          "or(...) takes a cron expression, preset or interval, got " + time);
    }
    return new Schedule(time.expression, time.cron, time.every, assets);
  }

  /** Adds the time schedule {@code expression} ({@link #parse}) to this asset schedule. */
  public Schedule or(String expression) {
    return or(parse(expression));
  }

  /** The assets whose updates run the DAG; empty for a time schedule only. */
  public List<Asset> assets() {
    return assets;
  }

  /** One run, at the start date. */
  public static Schedule once() {
    return ONCE;
  }

  /** A run every {@code interval}, counted from the DAG's start date. */
  public static Schedule every(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "A fixed schedule interval must be positive, got " + interval);
    }
    return new Schedule(interval.toString(), null, interval);
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
    if (lower.equals("@once")) {
      return ONCE;
    }
    if (lower.startsWith("p")) {
      try {
        return every(Duration.parse(trimmed));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "Invalid interval '" + trimmed + "': expected an ISO-8601 duration such as 'PT30M'", e);
      }
    }
    String cronText = trimmed.startsWith("@") ? PRESETS.get(lower) : trimmed;
    if (cronText == null) {
      throw new IllegalArgumentException(
          "Unknown schedule preset '"
              + trimmed
              + "'; expected one of "
              + PRESETS.keySet().stream().sorted().toList()
              + ", @once, a 5-field cron expression such as '30 2 * * *', an interval such as"
              + " 'PT30M', or 'none'");
    }
    try {
      return new Schedule(trimmed, UNIX.parse(cronText).validate(), null);
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

  /** Whether there is no time schedule (an asset schedule may still run the DAG). */
  public boolean isNone() {
    return cron == null && every == null && expression.equals(NONE.expression);
  }

  public boolean isOnce() {
    return expression.equals(ONCE.expression);
  }

  public boolean isCron() {
    return cron != null;
  }

  /** The fixed interval, for a schedule made with {@link #every(Duration)}. */
  public Optional<Duration> fixedInterval() {
    return Optional.ofNullable(every);
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
      throw new IllegalStateException("The schedule '" + expression + "' is not a cron schedule");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule other
        && other.expression.equals(expression)
        && other.assets.equals(assets);
  }

  @Override
  public int hashCode() {
    return expression.hashCode() * 31 + assets.hashCode();
  }

  @Override
  public String toString() {
    if (assets.isEmpty()) {
      return expression;
    }
    String onAssets = "assets " + assets.stream().map(Asset::uri).toList();
    return isNone() ? onAssets : onAssets + " or " + expression;
  }
}
