package io.updraft.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the duration of a {@code Server-Timing} header such as {@code app;dur=12.3}. */
final class ServerTiming {
  private static final Pattern DURATION = Pattern.compile("(?:^|[;,\\s])dur=([0-9.]+)");

  private ServerTiming() {}

  /** Milliseconds; NaN when the header has no duration (a server that does not set it). */
  static double millis(String header) {
    Matcher m = DURATION.matcher(header);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
