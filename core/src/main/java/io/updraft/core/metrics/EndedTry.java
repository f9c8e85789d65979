package io.updraft.core.metrics;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;

/**
 * A try that a worker ran, once its operator ended: what a trace shows of it.
 *
 * @param run the run of the task instance, which the try's span belongs to
 * @param state how the try ended (success, failed, up_for_retry, ...)
 * @param start when the worker began the try
 * @param end when its operator ended
 */
public record EndedTry(
    DagRun run,
    TaskInstance ti,
    int tryNumber,
    String worker,
    TaskState state,
    Instant start,
    Instant end) {}
