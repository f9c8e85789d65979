package io.updraft.worker;

import io.updraft.core.json.Json;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Stores XCom values as JSON, refusing a value over the size limit and a try whose values together
 * pass {@value #VALUES_PER_TRY} times that limit: XCom lives in the metastore and is read by every
 * downstream task, so large data belongs in object storage. A value that holds a secret the worker
 * fetched is stored with a masked copy, which is all that viewers of the XCom see.
 */
final class XComWriter {
  /** How many values of the largest size one try may store in total. */
  static final int VALUES_PER_TRY = 64;

  private final XComStore xcoms;
  private final int maxBytes;
  private final SecretMasker masker;
  private final Map<String, Integer> storedBytesByKey;
  private long storedBytes;

  XComWriter(XComStore xcoms, int maxBytes, SecretMasker masker) {
    this(xcoms, maxBytes, masker, new HashMap<>());
  }

  private XComWriter(
      XComStore xcoms, int maxBytes, SecretMasker masker, Map<String, Integer> storedBytesByKey) {
    this.xcoms = xcoms;
    this.maxBytes = maxBytes;
    this.masker = masker;
    this.storedBytesByKey = storedBytesByKey;
  }

  /** A writer with the same limits that counts one try's values from zero. */
  XComWriter forTry() {
    return new XComWriter(xcoms, maxBytes, masker, new HashMap<>());
  }

  synchronized void put(
      long dagRunId, String dagId, String taskId, int mapIndex, String key, Object value) {
    String json = Json.write(value);
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    String what = "XCom '" + key + "' of task '" + taskId + "' in DAG '" + dagId + "'";
    if (bytes > maxBytes) {
      throw new XComTooLargeException(
          what
              + " is "
              + bytes
              + " bytes of JSON, over the limit of "
              + maxBytes
              + " bytes (worker.xcom_max_bytes). "
              + ADVICE);
    }
    // A key pushed again replaces its value, so only the latest size of each key counts.
    long total = storedBytes - storedBytesByKey.getOrDefault(key, 0) + bytes;
    long tryLimit = (long) VALUES_PER_TRY * maxBytes;
    if (total > tryLimit) {
      throw new XComTooLargeException(
          what
              + " would bring this try's XCom to "
              + total
              + " bytes of JSON, over the limit of "
              + tryLimit
              + " bytes per try ("
              + VALUES_PER_TRY
              + " x worker.xcom_max_bytes). "
              + ADVICE);
    }
    xcoms.put(dagRunId, taskId, mapIndex, key, json, MaskedJson.of(json, masker));
    storedBytesByKey.put(key, bytes);
    storedBytes = total;
  }

  private static final String ADVICE =
      "XCom is for small values: write large data to object storage (S3, GCS) or a table, and push"
          + " its path or key instead.";

  /** An XCom value over the size limit. */
  static final class XComTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    XComTooLargeException(String message) {
      super(message);
    }
  }
}
