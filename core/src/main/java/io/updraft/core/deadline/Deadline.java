package io.updraft.core.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a run, or a task of it, should be done by (Airflow 3's {@code DeadlineAlert}, Airflow 2's
 * {@code sla}): a time after the run's logical date or after its start. A run or task still not
 * done then is a miss, recorded once and told to the DAG's {@code onDeadlineMiss} callback, while
 * the run goes on.
 *
 * <pre>{@code
 * Dag.builder("daily_report").deadline(Deadline.afterLogicalDate(Duration.ofHours(26)))
 * Task.java("load", ctx -> load()).deadline(Deadline.afterRunStart(Duration.ofMinutes(30)))
 * }</pre>
 */
public record Deadline(Reference reference, Duration interval) {
  /** What the interval counts from. */
  public enum Reference {
    /** The run's logical date: for a daily run, the start of the day it is for. */
    LOGICAL_DATE,
    /** When the run started; a run still queued has no deadline yet. */
    RUN_START
  }

  public Deadline {
    if (reference == null) {
      throw new IllegalArgumentException("A deadline needs what it counts from");
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("A deadline needs a positive interval, got " + interval);
    }
  }

  public static Deadline afterLogicalDate(Duration interval) {
    return new Deadline(Reference.LOGICAL_DATE, interval);
  }

  public static Deadline afterRunStart(Duration interval) {
    return new Deadline(Reference.RUN_START, interval);
  }

  /**
   * The moment a run of this logical date and start (null: not started) is due, or empty while that
   * is not known (the run has not started).
   */
  public Optional<Instant> dueFor(Instant logicalDate, Instant startDate) {
    Instant from = reference == Reference.LOGICAL_DATE ? logicalDate : startDate;
    return Optional.ofNullable(from).map(f -> f.plus(interval));
  }

  /** As the UI and logs say it: "2h after the logical date". */
  public String describe() {
    return interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
        + (reference == Reference.LOGICAL_DATE
            ? " after the logical date"
            : " after the run start");
  }
}
