package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.TaskLogStore;
import java.util.List;

/**
 * Pages of one try's log, counted in lines: {@code offset} is the first line (0 first; negative
 * counts back from the end, so {@code offset=-200} is the tail), {@code limit} how many lines at
 * most. A reader never gets the whole log in one answer, however much the task printed.
 */
final class LogPages {
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 10_000;

  /**
   * A page of one try's log: lines {@code offset} to {@code next_offset - 1} of {@code
   * total_lines}. {@code has_more} says lines after this page exist now; {@code previous_offset}
   * starts the page before (0 at the start). While {@code more_expected}, the try is current and
   * its task has not finished: ask again from {@code next_offset}.
   */
  record LogPageJson(
      String taskId,
      int tryNumber,
      int offset,
      int nextOffset,
      int previousOffset,
      int totalLines,
      boolean hasMore,
      List<String> lines,
      boolean moreExpected) {}

  private LogPages() {}

  static LogPageJson page(
      Context ctx,
      TaskLogStore logs,
      long taskInstanceId,
      String taskId,
      int tryNumber,
      boolean moreExpected) {
    int requestedOffset = offset(ctx);
    int limit = limit(ctx);
    int total = logs.lineCount(taskInstanceId, tryNumber);
    int offset =
        requestedOffset < 0
            ? Math.max(0, total + requestedOffset)
            : Math.min(requestedOffset, total);
    List<String> lines =
        offset >= total ? List.of() : logs.lines(taskInstanceId, tryNumber, offset, limit);
    int next = offset + lines.size();
    return new LogPageJson(
        taskId,
        tryNumber,
        offset,
        next,
        Math.max(0, offset - limit),
        Math.max(total, next),
        next < total,
        lines,
        moreExpected);
  }

  private static int offset(Context ctx) {
    String text = ctx.queryParam("offset");
    if (text == null) {
      return 0;
    }
    Integer value = parse(text);
    if (value == null) {
      throw ApiProblem.badRequest(
          "Query parameter 'offset' must be a whole number of lines, got '"
              + text
              + "'. Use 0 or more for the line to start at, or a negative number to start that"
              + " many lines before the end (offset=-"
              + DEFAULT_LIMIT
              + " is the tail).");
    }
    return value;
  }

  private static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    Integer value = parse(text);
    if (value == null || value < 1 || value > MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "Query parameter 'limit' must be a whole number of lines from 1 to "
              + MAX_LIMIT
              + ", got '"
              + text
              + "'. Leave it out to get "
              + DEFAULT_LIMIT
              + " lines; page with 'offset' and 'next_offset'.");
    }
    return value;
  }

  private static Integer parse(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
