package io.updraft.api;

import io.javalin.http.Context;

/**
 * {@code ?runs=N}: how many of a DAG's latest runs a page shows (the grid, the duration and landing
 * time charts), as Airflow's "number of runs" selector; bounded, as every run costs a column.
 */
final class RunsParameter {
  static final int MAX = 100;

  private RunsParameter() {}

  static int of(Context ctx, int defaultRuns) {
    String text = ctx.queryParam("runs");
    if (text == null || text.isEmpty()) {
      return defaultRuns;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > MAX) {
      throw ApiProblem.badRequest(
          "Query parameter 'runs' must be a whole number of runs from 1 to "
              + MAX
              + ", got '"
              + text
              + "'. Leave it out to see the latest "
              + defaultRuns
              + ".");
    }
    return value;
  }
}
