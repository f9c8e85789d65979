package io.updraft.core.run;

import java.nio.charset.StandardCharsets;

/**
 * One try of one task instance, as a shipped log is filed: {@code
 * <dag_id>/<run_id>/<task_id>/<map_index>/<try>.log}.
 */
public record TryLogId(
    long taskInstanceId, String dagId, String runId, String taskId, int mapIndex, int tryNumber) {

  /** The try's id for its task instance {@code ti}. */
  public static TryLogId of(TaskInstance ti, int tryNumber) {
    return new TryLogId(ti.id(), ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), tryNumber);
  }

  /**
   * The path under the remote base. Each id is one segment whatever it holds: run ids carry {@code
   * :} and {@code +}, and an id such as {@code ../x} must not climb out of the base, so every byte
   * but letters, digits, {@code -} and {@code _} is percent-encoded ({@code .} too, so no segment
   * is ever {@code .} or {@code ..}). The encoding is one-to-one: two tries never share a path.
   */
  public String relativePath() {
    return segment(dagId)
        + "/"
        + segment(runId)
        + "/"
        + segment(taskId)
        + "/"
        + mapIndex
        + "/"
        + tryNumber
        + ".log";
  }

  static String segment(String id) {
    StringBuilder out = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
