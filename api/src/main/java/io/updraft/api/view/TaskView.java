package io.updraft.api.view;

import java.util.List;

/**
 * A task instance's page: details, tries, XCom, and the rendered templates and log of one try. The
 * page holds only the log's tail, {@code logLines} from line {@code logStart} on; earlier lines
 * load on demand.
 */
public record TaskView(
    Layout layout,
    String dagId,
    String dagHref,
    String runId,
    String runHref,
    String taskId,
    String taskHref,
    String state,
    int tryNumber,
    int maxTries,
    String hostname,
    String queue,
    String pool,
    String startDate,
    String endDate,
    List<TryRow> tries,
    List<XComRow> xcoms,
    int logTry,
    List<String> logLines,
    int logStart,
    String logApi,
    boolean logFollows,
    List<RenderedRow> rendered,
    Definition definition) {

  /** What the DAG's code says of the task: setup, teardown or empty, and its doc (empty: none). */
  public record Definition(String role, String doc) {
    public static final Definition NONE = new Definition("", "");
  }

  /** One try. */
  public record TryRow(
      int tryNumber,
      String state,
      String hostname,
      String startDate,
      String endDate,
      String duration,
      String href,
      boolean selected) {}

  /** One template the shown try rendered, and its text with secrets masked. */
  public record RenderedRow(String template, String text) {}

  /** One XCom value, pretty-printed. */
  public record XComRow(String key, String value) {}
}
