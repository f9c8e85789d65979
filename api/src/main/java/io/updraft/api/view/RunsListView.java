package io.updraft.api.view;

import java.util.List;

/** The runs page: every DAG's runs, newest first, with its filters and pager. */
public record RunsListView(
    Layout layout,
    Filters filters,
    List<String> states,
    List<String> runTypes,
    List<RunRow> runs,
    Pager pager) {

  /** The filter form's values, as the request gave them. */
  public record Filters(
      String dagIdPattern, List<String> states, List<String> runTypes, String from, String to) {}

  /** One run; {@code duration} is empty until it starts, and counts on while it runs. */
  public record RunRow(
      String dagId,
      String dagHref,
      String runId,
      String runHref,
      String runType,
      String state,
      String logicalDate,
      String startDate,
      String endDate,
      String duration) {}
}
