package io.updraft.hooks.slack;

import io.updraft.core.dag.Notifier;
import io.updraft.core.task.CallbackContext;
import java.util.List;

/**
 * A notifier, for a task or a run, that posts a message to a Slack incoming webhook (Airflow's
 * {@code SlackWebhookNotifier}) through {@link SlackWebhookHook} and a {@code slack_webhook}
 * connection, which holds the webhook's host and secret path. The {@code text} is the DAG author's
 * template ({@code {{ dag_id }}}, {@code {{ task_id }}}, {@code {{ run_id }}}, {@code {{ ts }}},
 * ...), filled with the try's or the run's values. A refused post fails the callback, which is
 * logged in the try's log.
 *
 * <pre>{@code
 * Task.java("load", ctx -> load())
 *     .onFailure(SlackWebhookNotifier.to("slack", "{{ task_id }} failed"))
 * }</pre>
 */
public record SlackWebhookNotifier(String connId, String text) implements Notifier {

  public SlackWebhookNotifier {
    if (connId == null || connId.isBlank()) {
      throw new IllegalArgumentException(
          "A Slack notifier needs the conn id of its slack_webhook connection");
    }
    text = text == null ? "" : text;
  }

  /** A notifier posting {@code text} through {@code slack_webhook} connection {@code connId}. */
  public static SlackWebhookNotifier to(String connId, String text) {
    return new SlackWebhookNotifier(connId, text);
  }

  @Override
  public void send(CallbackContext context) throws Exception {
    try (SlackWebhookHook slack = context.hook(connId, SlackWebhookHook.class)) {
      slack.send(context.render(text), List.of());
    }
  }
}
