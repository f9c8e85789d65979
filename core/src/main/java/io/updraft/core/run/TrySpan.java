package io.updraft.core.run;

import java.time.Instant;

/**
 * One try of one task instance of a run, as a Gantt chart draws it: queued at {@code queuedAt},
 * running from {@code startDate} to {@code endDate}; any of the three is null when the try never
 * got there (or has not yet).
 *
 * @param mapIndex -1 for a task that is not mapped
 * @param state how the try ended, or its latest state while it goes on
 */
public record TrySpan(
    long taskInstanceId,
    String taskId,
    int mapIndex,
    int tryNumber,
    String state,
    Instant queuedAt,
    Instant startDate,
    Instant endDate) {}
