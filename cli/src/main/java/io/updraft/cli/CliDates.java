package io.updraft.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Dates as users type them: a day, a local date-time (both in the DAG's zone) or an instant. */
final class CliDates {
  private CliDates() {}

  static Instant parse(String text, ZoneId zone, String option) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notDate) {
          throw new UserError(
              option
                  + " '"
                  + text
                  + "' is not a date: expected 2026-01-31, 2026-01-31T06:00 (in the DAG's time"
                  + " zone) or 2026-01-31T06:00:00Z");
        }
      }
    }
  }

  /** An instant as ISO-8601 with the offset it has in the DAG's zone. */
  static String format(Instant instant, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
  }
}
