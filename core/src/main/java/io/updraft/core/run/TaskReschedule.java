package io.updraft.core.run;

import java.time.Instant;

/**
 * One run of a try that ended up for reschedule (a sensor in reschedule mode whose condition was
 * not met yet), as Airflow's {@code task_reschedule} row.
 *
 * @param startDate when that run started on its worker
 * @param endDate when it ended, freeing the worker's slot
 * @param rescheduleDate when the task may be queued again
 */
public record TaskReschedule(
    long taskInstanceId,
    int tryNumber,
    Instant startDate,
    Instant endDate,
    Instant rescheduleDate) {}
