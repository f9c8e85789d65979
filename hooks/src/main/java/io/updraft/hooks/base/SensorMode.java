package io.updraft.hooks.base;

import java.util.Locale;

/**
 * How a sensor waits between pokes, with Airflow's names. {@code POKE} sleeps and keeps its worker
 * slot: best for short waits. {@code RESCHEDULE} ends the run after each poke that is not met yet
 * and is queued again after the poke interval, under the same try: the slot is free in between,
 * which suits long waits.
 */
public enum SensorMode {
  POKE,
  RESCHEDULE;

  /** The lower-case name shown in the DAG's structure: {@code poke} or {@code reschedule}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
