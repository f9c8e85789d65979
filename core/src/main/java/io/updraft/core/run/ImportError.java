package io.updraft.core.run;

import java.time.Instant;

/**
 * A DAG file that did not load, as the scheduler recorded it (Airflow's import error).
 *
 * @param codeVersion the SHA-256 of the jar version that failed; null for the class path
 * @param message what is wrong and what to do, one problem per line
 * @param recordedAt when this error was recorded: first seen, or last changed
 */
public record ImportError(
    long id, String filename, String codeVersion, String message, Instant recordedAt) {}
