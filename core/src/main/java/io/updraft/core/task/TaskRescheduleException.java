package io.updraft.core.task;

import java.time.Instant;

/**
 * Thrown by a task to end this run of its try and be run again at {@code rescheduleDate}, under the
 * same try number, as Airflow's {@code AirflowRescheduleException}: a sensor in reschedule mode
 * frees its worker slot between pokes this way. The worker records the task as {@code
 * up_for_reschedule}; the scheduler queues it again once the date has passed.
 */
public class TaskRescheduleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Instant rescheduleDate;

  public TaskRescheduleException(Instant rescheduleDate) {
    super("Rescheduled for " + rescheduleDate);
    this.rescheduleDate = rescheduleDate;
  }

  /** When the task should run again. */
  public Instant rescheduleDate() {
    return rescheduleDate;
  }
}
