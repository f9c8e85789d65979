package io.updraft.hooks.google;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import java.util.Optional;

/**
 * Connections and variables in Google Cloud Secret Manager: the {@code latest} version of secret
 * {@code <prefix><sep><id>} in the configured project, holding a connection's URI or JSON form, or
 * a variable's value.
 */
public final class GcpSecretManagerBackend implements SecretsBackend, AutoCloseable {
  private final SecretManagerServiceClient client;
  private final GcpSettings settings;

  GcpSecretManagerBackend(SecretManagerServiceClient client, GcpSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "gcp";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (settings.connectionsPrefix().isEmpty()) {
      return Optional.empty();
    }
    String secret = settings.connectionsPrefix() + settings.separator() + connId;
    return access(secret)
        .map(
            value ->
                Connection.parse(
                    connId,
                    value,
                    "GCP secret projects/" + settings.project() + "/secrets/" + secret));
  }

  @Override
  public Optional<String> variable(String key) {
    if (settings.variablesPrefix().isEmpty()) {
      return Optional.empty();
    }
    return access(settings.variablesPrefix() + settings.separator() + key);
  }

  private Optional<String> access(String secret) {
    try {
      return Optional.of(
          client
              .accessSecretVersion(SecretVersionName.of(settings.project(), secret, "latest"))
              .getPayload()
              .getData()
              .toStringUtf8());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
