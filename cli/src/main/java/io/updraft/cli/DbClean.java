package io.updraft.cli;

import io.updraft.sql.Database;
import io.updraft.sql.PostgresRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code updraft db clean --older-than 30d}: purge old finished runs with their logs and XCom. */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = "Delete finished runs (with their tasks, logs and XCom) older than a cutoff.")
final class DbClean implements Runnable {
  private static final Pattern AGE = Pattern.compile("(\\d+)([dhm])");

  /** A century: older than any run, and far from the years an Instant can hold. */
  private static final Duration MAX_AGE = Duration.ofDays(36_500);

  @Mixin ConfigOption config;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "AGE",
      description = "Age such as 30d, 12h or 90m.")
  String olderThan;

  @Option(names = "--batch-size", description = "Runs deleted per transaction (default: 500).")
  int batchSize = 500;

  @Option(names = "--dry-run", description = "Only count what would be deleted.")
  boolean dryRun;

  @Override
  public void run() {
    Instant cutoff = Clock.systemUTC().instant().minus(parseAge(olderThan));
    try (Database database = Database.connectForCommand(config.loadConnected().database())) {
      PostgresRetention retention = new PostgresRetention(database);
      if (dryRun) {
        System.out.println(
            retention.countRunsBefore(cutoff) + " finished run(s) ended before " + cutoff);
        return;
      }
      int deleted = retention.deleteRunsBefore(cutoff, batchSize);
      System.out.println("Deleted " + deleted + " finished run(s) that ended before " + cutoff);
    }
  }

  static Duration parseAge(String text) {
    Matcher m = AGE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UserError(
          "--older-than '" + text + "' is not an age: use a number and d, h or m, such as 30d");
    }
    // Compared as digits: a number of any length must give this error, never an overflow.
    String digits = m.group(1).replaceFirst("^0+(?=.)", "");
    long most =
        switch (m.group(2)) {
          case "d" -> MAX_AGE.toDays();
          case "h" -> MAX_AGE.toHours();
          default -> MAX_AGE.toMinutes();
        };
    if (digits.length() > 18 || Long.parseLong(digits) > most) {
      throw new UserError(
          "--older-than '"
              + text
              + "' is too large: the most is "
              + most
              + m.group(2)
              + " ("
              + MAX_AGE.toDays()
              + " days, older than any run)");
    }
    long n = Long.parseLong(digits);
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
