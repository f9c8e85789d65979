package io.updraft.api.view;

import java.util.List;

/** A run's page: its details, conf, task instances and the deadlines it missed. */
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
    List<TaskRow> tasks,
    List<MissRow> deadlineMisses) {

  /** A deadline the run ({@code what} "the run") or one of its tasks missed. */
  public record MissRow(String what, String deadline, String detectedAt) {}

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
