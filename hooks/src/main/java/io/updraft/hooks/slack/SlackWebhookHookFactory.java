package io.updraft.hooks.slack;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link SlackWebhookHook}s for conn type {@code slack_webhook}. */
public final class SlackWebhookHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("slack_webhook");
  }

  @Override
  public String displayName() {
    return "Slack incoming webhook";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return SlackWebhookHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "Webhook host", SlackWebhookUrl.DEFAULT_HOST),
        ConnectionField.secret("password", "Webhook path (secret)", "T000/B000/XXX"),
        ConnectionField.of("extra.timeout", "Timeout (seconds)", "30"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new SlackWebhookHook(connection, pools, "slack", SlackClient::create);
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new SlackWebhookHook(connection, pools, "slack-test", SlackClient::forTest);
  }
}
