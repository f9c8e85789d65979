package io.updraft.hooks.http;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionTests;
import okhttp3.OkHttpClient;

/** The OkHttp client of one connection, closable so that a rotated connection frees its threads. */
record HttpClientResource(OkHttpClient client, HttpSettings settings) implements AutoCloseable {
  static HttpClientResource create(Connection connection) {
    HttpSettings settings = HttpSettings.of(connection);
    return new HttpClientResource(builder(settings).build(), settings);
  }

  /**
   * For a connection test asked for by a person: no retries, timeouts of at most {@link
   * ConnectionTests#TIMEOUT}, and no redirects, so a test cannot be bounced to another host with
   * the connection's credentials, nor hang an API thread.
   */
  static HttpClientResource forTest(Connection connection) {
    HttpSettings settings = HttpSettings.of(connection).forTest(ConnectionTests.TIMEOUT);
    OkHttpClient client =
        builder(settings).followRedirects(false).followSslRedirects(false).build();
    return new HttpClientResource(client, settings);
  }

  private static OkHttpClient.Builder builder(HttpSettings settings) {
    return new OkHttpClient.Builder()
        .callTimeout(settings.callTimeout())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        // We retry ourselves, only where it is safe, with backoff; OkHttp's silent retry is
        // off.
        .retryOnConnectionFailure(false);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
