package io.updraft.hooks.http;

import io.updraft.core.connection.Connection;
import okhttp3.OkHttpClient;

/** The OkHttp client of one connection, closable so that a rotated connection frees its threads. */
record HttpClientResource(OkHttpClient client, HttpSettings settings) implements AutoCloseable {
  static HttpClientResource create(Connection connection) {
    HttpSettings settings = HttpSettings.of(connection);
    OkHttpClient client =
        new OkHttpClient.Builder()
            .callTimeout(settings.callTimeout())
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            // We retry ourselves, only where it is safe, with backoff; OkHttp's silent retry is
            // off.
            .retryOnConnectionFailure(false)
            .build();
    return new HttpClientResource(client, settings);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
