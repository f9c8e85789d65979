package io.updraft.hooks.google;

/** A BigQuery job that ended with an error. */
public final class BigQueryJobException extends RuntimeException {
  public BigQueryJobException(String message) {
    super(message);
  }
}
