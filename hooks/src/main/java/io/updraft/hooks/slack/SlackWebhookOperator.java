package io.updraft.hooks.slack;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.TemplatedValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts a message to a Slack incoming webhook, as Airflow's {@code SlackWebhookOperator}: {@code
 * text} and the strings inside {@code blocks} are templates. A refused post fails the task.
 *
 * <pre>{@code
 * Task.of("announce", SlackWebhookOperator.of("slack", "Loaded {{ ds }}"))
 * }</pre>
 */
public record SlackWebhookOperator(String connId, String text, List<?> blocks) implements Operator {
  public SlackWebhookOperator {
    if (connId == null || connId.isBlank()) {
      throw new IllegalArgumentException(
          "A SlackWebhookOperator needs the conn id of its slack_webhook connection");
    }
    text = text == null ? "" : text;
    blocks = blocks == null ? List.of() : List.copyOf(blocks);
  }

  public static SlackWebhookOperator of(String connId, String text) {
    return new SlackWebhookOperator(connId, text, List.of());
  }

  @Override
  public String kind() {
    return "slack_webhook";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("text", text);
    fields.put("blocks", blocks.size());
    return fields;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    String rendered = context.render(text);
    List<Object> renderedBlocks = TemplatedValues.renderList(context, blocks);
    try (SlackWebhookHook slack = context.hook(connId, SlackWebhookHook.class)) {
      slack.send(rendered, renderedBlocks);
    }
    context.log().info("Posted to the Slack webhook of connection '" + connId + "'");
    return null;
  }
}
