package io.updraft.hooks.slack;

import io.updraft.core.connection.Connection;
import okhttp3.HttpUrl;

/**
 * Where a {@code slack_webhook} connection posts. The host comes from the connection (its {@code
 * host}, default {@code https://hooks.slack.com/services}, with {@code schema} and {@code port});
 * the secret part of the URL from the password, or the extra {@code webhook_token}, as Airflow's
 * Slack connection has it: {@code T000/B000/XXX} (under the host's path), {@code
 * /services/T000/B000/XXX} (from the root), or the whole URL, whose host must then be the
 * connection's, so a secret can never send a notice elsewhere.
 */
record SlackWebhookUrl(HttpUrl url, String shown) {
  static final String DEFAULT_HOST = "https://hooks.slack.com/services";

  static SlackWebhookUrl of(Connection c) {
    HttpUrl base = base(c);
    String token = token(c);
    HttpUrl url;
    if (token.startsWith("http://") || token.startsWith("https://")) {
      url = HttpUrl.parse(token);
      if (url == null
          || !url.host().equalsIgnoreCase(base.host())
          || url.port() != base.port()
          || !url.scheme().equals(base.scheme())) {
        // Never echo the token: it is the secret.
        throw new IllegalArgumentException(
            "The webhook URL in the password of connection '"
                + c.connId()
                + "' is not on the connection's host "
                + shown(base)
                + ": put only the URL's path (T000/B000/XXX) in the password, or set the"
                + " connection's host to the webhook's host");
      }
    } else if (token.startsWith("/")) {
      url = base.newBuilder().encodedPath("/").addPathSegments(token.substring(1)).build();
    } else {
      url = base.newBuilder().addPathSegments(token).build();
    }
    if (url.query() != null || url.pathSegments().contains("..")) {
      throw new IllegalArgumentException(
          "The webhook path of connection '"
              + c.connId()
              + "' must be a plain path such as T000/B000/XXX, without a query or '..'");
    }
    return new SlackWebhookUrl(url, shown(base) + " (webhook path hidden)");
  }

  private static HttpUrl base(Connection c) {
    String host = c.host() == null || c.host().isBlank() ? DEFAULT_HOST : c.host().strip();
    if (!host.contains("://")) {
      String scheme = c.schema() == null || c.schema().isBlank() ? "https" : c.schema().strip();
      host = scheme + "://" + host;
    }
    HttpUrl parsed = HttpUrl.parse(host);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has host '"
              + c.host()
              + "', which is not a host name or URL; leave it empty for "
              + DEFAULT_HOST);
    }
    if (c.port() != null && c.port() > 0) {
      parsed = parsed.newBuilder().port(c.port()).build();
    }
    // The base carries no secret, only where the path starts.
    return parsed.newBuilder().username("").password("").query(null).fragment(null).build();
  }

  private static String token(Connection c) {
    String token = c.password();
    if (token == null || token.isBlank()) {
      token = c.extraString("webhook_token");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has no webhook token: put the webhook URL's path (T000/B000/XXX from"
              + " https://hooks.slack.com/services/T000/B000/XXX) in its password");
    }
    return token.strip();
  }

  private static String shown(HttpUrl base) {
    return base.scheme() + "://" + base.host() + ":" + base.port();
  }
}
