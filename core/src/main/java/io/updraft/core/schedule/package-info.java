/** Airflow's data intervals: which runs a schedule asks for, and when. */
package io.updraft.core.schedule;
