package io.updraft.hooks.google;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.spi.v2.BigQueryRpc;
import io.updraft.core.connection.Connection;
import io.updraft.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds the BigQuery client of a {@code google_cloud_platform} connection, reading extras as
 * Airflow does (with or without the old {@code extra__google_cloud_platform__} prefix): {@code
 * key_path} (a service account key file) or {@code keyfile_dict} (its JSON), {@code project},
 * {@code location}; and {@code endpoint} to reach another server (a test server, a proxy), where no
 * key means no credentials. Without a key and endpoint, Application Default Credentials apply.
 */
final class BigQueryClients {
  private static final List<String> SCOPES =
      List.of("https://www.googleapis.com/auth/cloud-platform");

  private BigQueryClients() {}

  /** The high-level client and the REST layer under it (for jobs in Airflow's REST form). */
  record Client(BigQuery bigquery, BigQueryRpc rpc, String project, String location)
      implements AutoCloseable {
    @Override
    public void close() {
      // The client holds no threads or sockets of its own beyond the shared HTTP transport.
    }
  }

  static Client create(Connection c) {
    String endpoint = extra(c, "endpoint");
    String project = extra(c, "project");
    if (project == null) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has no project; set extra 'project' to a GCP project id");
    }
    BigQueryOptions.Builder builder =
        BigQueryOptions.newBuilder().setProjectId(project).setCredentials(credentials(c, endpoint));
    String location = extra(c, "location");
    if (location != null) {
      builder.setLocation(location);
    }
    if (endpoint != null) {
      builder.setHost(endpoint);
    }
    BigQueryOptions options = builder.build();
    return new Client(options.getService(), (BigQueryRpc) options.getRpc(), project, location);
  }

  private static Credentials credentials(Connection c, String endpoint) {
    try {
      String keyPath = extra(c, "key_path");
      if (keyPath != null) {
        try (InputStream in = new FileInputStream(keyPath)) {
          return GoogleCredentials.fromStream(in).createScoped(SCOPES);
        }
      }
      Object keyJson = c.extra().get("keyfile_dict");
      if (keyJson == null) {
        keyJson = c.extra().get("extra__google_cloud_platform__keyfile_dict");
      }
      if (keyJson != null) {
        String text = keyJson instanceof Map<?, ?> ? Json.write(keyJson) : keyJson.toString();
        return GoogleCredentials.fromStream(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
            .createScoped(SCOPES);
      }
      if (endpoint != null) {
        return NoCredentials.getInstance();
      }
      return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
    } catch (IOException e) {
      // The message names the file or the JSON problem, never the key itself.
      throw new UncheckedIOException(
          "Connection '" + c.connId() + "': cannot read Google credentials: " + e.getMessage(), e);
    }
  }

  static String extra(Connection c, String key) {
    String value = c.extraString(key);
    if (value == null) {
      value = c.extraString("extra__google_cloud_platform__" + key);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
