package io.updraft.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URLs of the UI's pages, with every id encoded as one path segment. */
final class Links {
  private Links() {}

  static String dag(String dagId) {
    return "/dags/" + segment(dagId);
  }

  static String run(String dagId, String runId) {
    return dag(dagId) + "/runs/" + segment(runId);
  }

  static String task(String dagId, String runId, String taskId) {
    return run(dagId, runId) + "/tasks/" + segment(taskId);
  }

  /** An id as one path segment: '/' and every other special character encoded. */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A value as one query parameter's value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
