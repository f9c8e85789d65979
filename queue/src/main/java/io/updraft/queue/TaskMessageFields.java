package io.updraft.queue;

import io.updraft.core.queue.TaskMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The stream-entry form of a {@link TaskMessage}: one field per component, short names. */
final class TaskMessageFields {
  static final String TASK_INSTANCE = "ti";
  static final String TRY = "try";
  static final String DAG = "dag";
  static final String RUN = "run";
  static final String TASK = "task";
  static final String QUEUE = "queue";
  // Present only on a partial run's root ("1"): most messages stay as they were.
  static final String PARTIAL_RUN_ROOT = "partial";

  private TaskMessageFields() {}

  static Map<String, String> encode(TaskMessage message) {
    Map<String, String> fields = new LinkedHashMap<>(8);
    fields.put(TASK_INSTANCE, Long.toString(message.taskInstanceId()));
    fields.put(TRY, Integer.toString(message.tryNumber()));
    fields.put(DAG, required(message, DAG, message.dagId()));
    fields.put(RUN, required(message, RUN, message.runId()));
    fields.put(TASK, required(message, TASK, message.taskId()));
    fields.put(QUEUE, required(message, QUEUE, message.queue()));
    if (message.rootOfPartialRun()) {
      fields.put(PARTIAL_RUN_ROOT, "1");
    }
    return fields;
  }

  /**
   * Reads an entry back.
   *
   * @throws IllegalArgumentException naming the first missing or malformed field
   */
  static TaskMessage decode(Map<String, String> fields) {
    if (fields == null) {
      throw new IllegalArgumentException("the entry has no fields");
    }
    return new TaskMessage(
        number(fields, TASK_INSTANCE),
        (int) number(fields, TRY, Integer.MIN_VALUE, Integer.MAX_VALUE),
        text(fields, DAG),
        text(fields, RUN),
        text(fields, TASK),
        text(fields, QUEUE),
        "1".equals(fields.get(PARTIAL_RUN_ROOT)));
  }

  private static String required(TaskMessage message, String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot queue task instance "
              + message.taskInstanceId()
              + ": its "
              + field
              + " is "
              + (value == null ? "null" : "empty"));
    }
    return value;
  }

  private static long number(Map<String, String> fields, String field) {
    return number(fields, field, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static long number(Map<String, String> fields, String field, long min, long max) {
    String value = text(fields, field);
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("field '" + field + "' is not a number in range");
  }

  private static String text(Map<String, String> fields, String field) {
    String value = fields.get(field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }
}
