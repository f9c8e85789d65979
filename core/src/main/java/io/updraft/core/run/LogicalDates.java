package io.updraft.core.run;

import io.updraft.core.input.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The logical dates a run may have: years 1 to 9999. PostgreSQL, JDBC, ISO-8601 with four-digit
 * years and every client reading the API agree on those; a date outside them (year 99999, -5000) is
 * a mistake or an attack, refused before it reaches the database.
 */
public final class LogicalDates {
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  private LogicalDates() {}

  /** Returns {@code date} if it lies in years 1 to 9999, else throws naming {@code field}. */
  public static Instant check(Instant date, String field) {
    if (date.isBefore(MIN) || date.isAfter(MAX)) {
      throw new InvalidInputException(
          field
              + " is out of range: "
              + date
              + " is not between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z; choose a date in"
              + " the years 1 to 9999.");
    }
    return date;
  }

  /** An ISO-8601 date-time with offset, such as {@code 2026-01-01T00:00:00Z}, in range. */
  public static Instant parse(String text, String field) {
    Instant date;
    try {
      date = OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field
              + " must be an ISO-8601 date-time with offset, such as 2026-01-01T00:00:00Z; got "
              + InvalidInputException.quote(text)
              + ".");
    }
    return check(date, field);
  }
}
