package io.updraft.hooks.base;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator that waits for a condition: it calls {@link #poke} every poke interval until it
 * returns true or the timeout passes. In poke mode it sleeps between pokes and holds its worker
 * slot; in reschedule mode each unmet poke ends the run with {@link TaskRescheduleException}, and
 * the task is queued again after the poke interval, under the same try.
 */
public abstract class Sensor implements Operator {
  private final SensorSettings settings;

  protected Sensor(SensorSettings settings) {
    this.settings = settings == null ? SensorSettings.DEFAULT : settings;
  }

  public SensorSettings settings() {
    return settings;
  }

  /** Checks the condition once; true ends the wait successfully. */
  protected abstract boolean poke(TaskContext context) throws Exception;

  /**
   * The task's return value (its XCom) once the condition is met; none by default. A sensor that
   * waits for something it made, such as a triggered run, returns what it made.
   */
  protected Object result(TaskContext context) throws Exception {
    return null;
  }

  /** What is awaited, for the log and errors, e.g. "s3://bucket/key". */
  protected abstract String awaited(TaskContext context);

  @Override
  public final Object execute(TaskContext context) throws Exception {
    return settings.mode() == SensorMode.RESCHEDULE ? pokeOnce(context) : pokeUntilMet(context);
  }

  private Object pokeUntilMet(TaskContext context) throws Exception {
    long started = System.nanoTime();
    long timeoutNanos = settings.timeout().toNanos();
    String what = awaited(context);
    for (int poke = 1; ; poke++) {
      if (poke(context)) {
        context.log().info("Sensor condition met after " + poke + " poke(s): " + what);
        return result(context);
      }
      long elapsed = System.nanoTime() - started;
      if (elapsed + settings.pokeInterval().toNanos() > timeoutNanos) {
        throw timedOut(poke + " poke(s)", what);
      }
      context.log().info("Poke " + poke + ": not yet " + what);
      Thread.sleep(settings.pokeInterval());
    }
  }

  /**
   * One poke of a try that may span many runs: the timeout counts from the try's first start, which
   * the worker keeps across reschedules, so a reschedule never restarts the clock.
   */
  private Object pokeOnce(TaskContext context) throws Exception {
    String what = awaited(context);
    Instant firstStart = context.tryStartDate();
    if (poke(context)) {
      context.log().info("Sensor condition met: " + what);
      return result(context);
    }
    Instant now = context.clock().instant();
    Duration waited = Duration.between(firstStart, now);
    if (waited.plus(settings.pokeInterval()).compareTo(settings.timeout()) > 0) {
      throw timedOut(
          "waited " + waited.truncatedTo(ChronoUnit.MILLIS) + " since " + firstStart, what);
    }
    Instant next = now.plus(settings.pokeInterval());
    context.log().info("Not yet " + what + "; poking again at " + next);
    throw new TaskRescheduleException(next);
  }

  private RuntimeException timedOut(String progress, String what) {
    String message =
        "Sensor timed out after " + settings.timeout() + " (" + progress + ") waiting for " + what;
    if (settings.softFail()) {
      return new TaskSkippedException(message + "; soft fail: skipping");
    }
    return new SensorTimeoutException(message);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>(describeSensor());
    fields.put("poke_interval", settings.pokeInterval().toSeconds());
    fields.put("timeout", settings.timeout().toSeconds());
    fields.put("soft_fail", settings.softFail());
    fields.put("mode", settings.mode().wireName());
    return fields;
  }

  /** The sensor's own fields for the DAG's structure. */
  protected abstract Map<String, Object> describeSensor();
}
