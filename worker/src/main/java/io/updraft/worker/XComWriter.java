package io.updraft.worker;

import io.updraft.core.json.Json;
import io.updraft.core.run.XComStore;
import java.nio.charset.StandardCharsets;

/**
 * Stores XCom values as JSON, refusing values over the size limit: XCom lives in the metastore and
 * is read by every downstream task, so large data belongs in object storage.
 */
final class XComWriter {
  private final XComStore xcoms;
  private final int maxBytes;

  XComWriter(XComStore xcoms, int maxBytes) {
    this.xcoms = xcoms;
    this.maxBytes = maxBytes;
  }

  void put(long dagRunId, String dagId, String taskId, String key, Object value) {
    String json = Json.write(value);
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new XComTooLargeException(
          "XCom '"
              + key
              + "' of task '"
              + taskId
              + "' in DAG '"
              + dagId
              + "' is "
              + bytes
              + " bytes of JSON, over the limit of "
              + maxBytes
              + " bytes (worker.xcom_max_bytes). XCom is for small values: write large data to"
              + " object storage (S3, GCS) or a table, and push its path or key instead.");
    }
    xcoms.put(dagRunId, taskId, key, json);
  }

  /** An XCom value over the size limit. */
  static final class XComTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    XComTooLargeException(String message) {
      super(message);
    }
  }
}
