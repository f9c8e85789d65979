package io.updraft.hooks.base;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskSkippedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator that waits for a condition: it calls {@link #poke} every poke interval until it
 * returns true or the timeout passes. Sensors run in poke mode (the worker slot is held while
 * waiting); the worker has no reschedule state yet.
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

  /** What is awaited, for the log and errors, e.g. "s3://bucket/key". */
  protected abstract String awaited(TaskContext context);

  @Override
  public final Object execute(TaskContext context) throws Exception {
    long started = System.nanoTime();
    long timeoutNanos = settings.timeout().toNanos();
    String what = awaited(context);
    for (int poke = 1; ; poke++) {
      if (poke(context)) {
        context.log().info("Sensor condition met after " + poke + " poke(s): " + what);
        return null;
      }
      long elapsed = System.nanoTime() - started;
      if (elapsed + settings.pokeInterval().toNanos() > timeoutNanos) {
        String message =
            "Sensor timed out after "
                + settings.timeout()
                + " ("
                + poke
                + " poke(s)) waiting for "
                + what;
        if (settings.softFail()) {
          throw new TaskSkippedException(message + "; soft fail: skipping");
        }
        throw new SensorTimeoutException(message);
      }
      context.log().info("Poke " + poke + ": not yet " + what);
      Thread.sleep(settings.pokeInterval());
    }
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>(describeSensor());
    fields.put("poke_interval", settings.pokeInterval().toSeconds());
    fields.put("timeout", settings.timeout().toSeconds());
    fields.put("soft_fail", settings.softFail());
    fields.put("mode", "poke");
    return fields;
  }

  /** The sensor's own fields for the DAG's structure. */
  protected abstract Map<String, Object> describeSensor();
}
