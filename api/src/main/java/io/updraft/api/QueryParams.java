package io.updraft.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Filters given as query parameters: optional, checked, with a 400 that names the parameter. */
final class QueryParams {
  /** As long as the longest id the database keeps (a DAG id, a user name). */
  static final int MAX_TEXT = 250;

  private QueryParams() {}

  /** The parameter's text, stripped; null when absent or blank (an empty form field). */
  static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_TEXT) {
      throw ApiProblem.badRequest(
          "Query parameter '"
              + name
              + "' is "
              + value.length()
              + " characters long; at most "
              + MAX_TEXT
              + " are allowed. Shorten it.");
    }
    return value.strip();
  }

  /**
   * An ISO-8601 date-time such as 2026-01-01T00:00:00Z; without an offset (as a browser's date
   * field sends it) it is UTC, and a bare date is its midnight in UTC. Null when absent or blank.
   */
  static Instant instant(Context ctx, String name) {
    String value = text(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      try {
        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notDate) {
        return RunsHandler.parseInstant(name, value);
      }
    }
  }
}
