package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's side of an isolated try's socket: it answers the child's questions (its context, a
 * connection, a variable, an XCom, a template) through the try's own {@link TaskContext}, so that
 * secrets are looked up, and masked, exactly as for a task in the worker; and it keeps what the
 * child reported at its end.
 */
final class IsolatedRequests {
  private final TaskContext context;
  private final String jar;
  private volatile Map<String, Object> end;

  IsolatedRequests(TaskContext context, String jar) {
    this.context = context;
    this.jar = jar;
  }

  /** Serves the one child that connects, until it closes the socket or the server is closed. */
  void serve(ServerSocketChannel server) {
    try (IsolatedChannel channel = new IsolatedChannel(server.accept())) {
      Map<String, Object> message;
      while ((message = channel.read()) != null) {
        String op = String.valueOf(message.get("op"));
        if (op.equals("result") || op.equals("failed")) {
          end = message;
          return;
        }
        channel.write(answer(op, message));
      }
    } catch (IOException e) {
      // The child is gone (or never came): how it ended is told by its exit status.
    }
  }

  /** The try's return value, or the exception that fails it. */
  Object outcome(int status, String maxHeap) throws IsolatedTaskFailedException {
    Map<String, Object> last = end;
    if (last != null && last.get("op").equals("result")) {
      return last.get("value");
    }
    if (last != null && Boolean.TRUE.equals(last.get("out_of_memory"))) {
      throw new IsolatedTaskFailedException(
          "Task '"
              + context.taskId()
              + "' ran out of memory in its isolated JVM (-Xmx"
              + maxHeap
              + "): give it more with Task.isolated(maxHeap) or make it use less");
    }
    if (last != null) {
      throw new IsolatedTaskFailedException(
          "Task '" + context.taskId() + "' failed in its isolated JVM: " + last.get("error"));
    }
    throw new IsolatedTaskFailedException(
        "Task '"
            + context.taskId()
            + "': the isolated JVM exited with status "
            + status
            + (status > 128 ? " (signal " + (status - 128) + ")" : "")
            + " before the task returned (System.exit, a crash or a kill); its log has its output");
  }

  private Map<String, Object> answer(String op, Map<String, Object> message) {
    Map<String, Object> reply = new HashMap<>();
    try {
      switch (op) {
        case "hello" -> reply.put("value", hello());
        case "connection" ->
            reply.put("value", context.connection((String) message.get("conn_id")).toJson());
        case "variable" -> reply.put("value", context.variable((String) message.get("key")));
        case "xcom_pull" -> {
          Optional<Object> value =
              context.xcomPull(
                  (String) message.get("task_id"), (String) message.get("key"), Object.class);
          value.ifPresent(v -> reply.put("value", v));
        }
        case "xcom_push" -> context.xcomPush((String) message.get("key"), message.get("value"));
        case "render" -> reply.put("value", context.render((String) message.get("template")));
        default -> reply.put("error", "unknown request '" + op + "'");
      }
    } catch (RuntimeException e) {
      // The worker's own errors name what failed and never carry a secret.
      reply.put("error", String.valueOf(e.getMessage()));
      reply.put("type", e.getClass().getSimpleName());
    }
    return reply;
  }

  private Map<String, Object> hello() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("dag_id", context.dagId());
    data.put("task_id", context.taskId());
    data.put("run_id", context.runId());
    data.put("try_number", context.tryNumber());
    data.put("logical_date", context.logicalDate().toString());
    data.put("data_interval_start", context.dataIntervalStart().toString());
    data.put("data_interval_end", context.dataIntervalEnd().toString());
    data.put("run_type", context.runType());
    data.put("conf", context.conf());
    data.put("map_index", context.mapIndex());
    if (context.mapIndex() >= 0) {
      data.put("map_value", context.mapValue());
    }
    data.put("jar", jar);
    return data;
  }

  /** An isolated try that did not return: its JVM failed, exited or ran out of memory. */
  static final class IsolatedTaskFailedException extends Exception {
    IsolatedTaskFailedException(String message) {
      super(message);
    }
  }
}
