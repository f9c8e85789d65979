package io.updraft.core.run;

import java.time.Instant;

/**
 * One try of a task instance, from its history rows: where it ran, when, and how it ended (its
 * latest state while it runs).
 */
public record TaskTry(
    int tryNumber, String state, String worker, Instant startDate, Instant endDate) {}
