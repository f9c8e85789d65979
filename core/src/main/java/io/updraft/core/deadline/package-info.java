/** Deadlines of runs and tasks (Airflow's deadline alerts and SLAs), and their misses. */
package io.updraft.core.deadline;
