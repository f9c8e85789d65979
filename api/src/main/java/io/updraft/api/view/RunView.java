package io.updraft.api.view;

import java.util.List;

/** A run's page: its details, conf and task instances. */
public record RunView(
    Layout layout,
    String dagId,
    String dagHref,
    String runId,
    String runHref,
    String runType,
    String state,
    String logicalDate,
    String startDate,
    String endDate,
    String conf,
    List<TaskRow> tasks) {

  /** One task instance of the run. */
  public record TaskRow(
      String taskId,
      String href,
      String state,
      int tryNumber,
      String hostname,
      String startDate,
      String endDate,
      String duration) {}
}
