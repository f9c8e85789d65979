package io.updraft.api.view;

/**
 * A DAG file that did not load, in the banner of the DAGs page.
 *
 * @param message what is wrong and what to do, one problem per line
 * @param recordedAt when the scheduler recorded it, in UTC as the other pages show times
 */
public record ImportErrorRow(String filename, String message, String recordedAt) {}
