package io.updraft.core.run;

import java.util.List;

/** Lines to append to one try's log. */
public record LogLines(long taskInstanceId, int tryNumber, List<String> lines) {
  public LogLines {
    lines = List.copyOf(lines);
  }
}
