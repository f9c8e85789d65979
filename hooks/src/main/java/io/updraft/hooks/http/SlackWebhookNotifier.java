package io.updraft.hooks.http;

import io.updraft.core.dag.Notifier;
import io.updraft.core.task.CallbackContext;
import java.util.Map;

/**
 * A notifier, for a task or a run, that posts a message to a Slack incoming webhook (Airflow's
 * {@code SlackWebhookNotifier}): the webhook's host is an {@code http} connection's and its secret
 * path the endpoint, sent through {@link HttpHook}. The {@code text} is the DAG author's template
 * ({@code {{ dag_id }}}, {@code {{ task_id }}}, {@code {{ run_id }}}, {@code {{ ts }}}, ...),
 * filled with the try's or the run's values. A non-2xx answer fails the callback, which is logged
 * in the try's log.
 *
 * <pre>{@code
 * Task.java("load", ctx -> load())
 *     .onFailure(SlackWebhookNotifier.to("slack", "/services/T0/B0/X", "{{ task_id }} failed"))
 * }</pre>
 */
public record SlackWebhookNotifier(String connId, String endpoint, String text)
    implements Notifier {

  public SlackWebhookNotifier {
    if (connId == null || connId.isBlank()) {
      throw new IllegalArgumentException(
          "A Slack notifier needs the conn id of its incoming webhook");
    }
    text = text == null ? "" : text;
  }

  /**
   * A notifier posting to {@code endpoint} (the webhook's path, e.g. {@code
   * /services/T000/B000/XXX}) of connection {@code connId} (host {@code hooks.slack.com}, schema
   * {@code https}).
   */
  public static SlackWebhookNotifier to(String connId, String endpoint, String text) {
    return new SlackWebhookNotifier(connId, endpoint, text);
  }

  @Override
  public void send(CallbackContext context) throws Exception {
    try (HttpHook http = context.hook(connId, HttpHook.class)) {
      http.postJson(endpoint, Map.of("text", context.render(text))).requireSuccess();
    }
  }
}
