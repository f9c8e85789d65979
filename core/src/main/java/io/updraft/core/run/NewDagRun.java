package io.updraft.core.run;

import io.updraft.core.input.UntrustedJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run to create: what a schedule, a backfill or a manual trigger asks for. A run id, date or conf
 * that a user chose is checked before by {@link ManualTrigger}; the conf is checked here again, as
 * the database could not store a NUL in it anyway.
 */
public record NewDagRun(
    String dagId,
    String runId,
    RunType runType,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Map<String, Object> conf) {

  public NewDagRun {
    // A conf may hold nulls ({"note": null}), which Map.copyOf refuses.
    conf =
        conf == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(UntrustedJson.check(conf, "conf")));
  }

  /** Airflow's run id form: {@code manual__2026-01-01T00:00:00+00:00}. */
  public static String runIdFor(RunType type, Instant logicalDate) {
    return type.wireName()
        + "__"
        + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(logicalDate.atOffset(ZoneOffset.UTC))
        + "+00:00";
  }

  /** A manual run; the date is cut to microseconds, the precision PostgreSQL keeps. */
  public static NewDagRun manual(String dagId, Instant at, Map<String, Object> conf) {
    Instant logicalDate = at.truncatedTo(ChronoUnit.MICROS);
    return new NewDagRun(
        dagId,
        runIdFor(RunType.MANUAL, logicalDate),
        RunType.MANUAL,
        logicalDate,
        logicalDate,
        logicalDate,
        conf);
  }

  public static NewDagRun scheduled(String dagId, Instant intervalStart, Instant intervalEnd) {
    return new NewDagRun(
        dagId,
        runIdFor(RunType.SCHEDULED, intervalStart),
        RunType.SCHEDULED,
        intervalStart,
        intervalStart,
        intervalEnd,
        Map.of());
  }
}
