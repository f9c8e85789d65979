/** Slack incoming webhooks: the {@code slack_webhook} connection's hook, operator and notifier. */
package io.updraft.hooks.slack;
