package io.updraft.hooks.slack;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionTests;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** The HTTP client and webhook URL of one {@code slack_webhook} connection, shared per worker. */
record SlackClient(OkHttpClient http, SlackWebhookUrl target) implements AutoCloseable {
  static SlackClient create(Connection connection) {
    return of(connection, timeout(connection));
  }

  /** For a connection test asked for by a person: gives up within seconds. */
  static SlackClient forTest(Connection connection) {
    return of(connection, ConnectionTests.TIMEOUT);
  }

  private static SlackClient of(Connection connection, Duration timeout) {
    SlackWebhookUrl target = SlackWebhookUrl.of(connection);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(timeout)
            // A redirect would carry the message, and the secret path's answer, to another host.
            .followRedirects(false)
            .followSslRedirects(false)
            // A POST is not repeated: Slack would show the message twice.
            .retryOnConnectionFailure(false)
            .build();
    return new SlackClient(http, target);
  }

  private static Duration timeout(Connection connection) {
    String text = connection.extraString("timeout");
    if (text == null || text.isBlank()) {
      return Duration.ofSeconds(30);
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(text.strip()) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Connection '"
              + connection.connId()
              + "' has extra timeout '"
              + text
              + "'; expected seconds, e.g. 30");
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
