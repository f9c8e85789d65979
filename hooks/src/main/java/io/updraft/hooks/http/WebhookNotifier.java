package io.updraft.hooks.http;

import io.updraft.core.dag.Notifier;
import io.updraft.core.task.CallbackContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notifier, for a task or a run, that POSTs a JSON notice to an HTTP endpoint of an {@code http}
 * connection, through {@link HttpHook} (its auth, retries and masking): the rendered {@code
 * message} and the callback's fields (a try's {@code dag_id}, {@code run_id}, {@code task_id},
 * {@code try_number}, {@code logical_date}; a run's {@code state} and {@code failed_task_ids}
 * instead of the task's). The message is a template of the DAG's author ({@code {{ dag_id }}},
 * {@code {{ run_id }}}, {@code {{ ts }}}, ...); the run's values fill it as data. A non-2xx answer
 * fails the callback, which is logged in the try's log. The host is the connection's, never the
 * run's.
 *
 * <pre>{@code
 * Task.java("load", ctx -> load())
 *     .onFailure(WebhookNotifier.to("alerts_api", "/alerts", "{{ task_id }} failed in {{ run_id }}"))
 * }</pre>
 */
public record WebhookNotifier(String connId, String endpoint, String message) implements Notifier {

  public WebhookNotifier {
    if (connId == null || connId.isBlank()) {
      throw new IllegalArgumentException("A webhook notifier needs the conn id of its endpoint");
    }
    message = message == null ? "" : message;
  }

  /** A notifier posting to {@code endpoint} of connection {@code connId}. */
  public static WebhookNotifier to(String connId, String endpoint, String message) {
    return new WebhookNotifier(connId, endpoint, message);
  }

  @Override
  public void send(CallbackContext context) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", context.render(message));
    body.putAll(context.noticeFields());
    try (HttpHook http = context.hook(connId, HttpHook.class)) {
      http.postJson(endpoint, body).requireSuccess();
    }
  }
}
