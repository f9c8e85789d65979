package io.updraft.hooks.google;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretIds;
import io.updraft.core.secrets.SecretsBackend;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Connections and variables in Google Cloud Secret Manager: the {@code latest} version of secret
 * {@code <prefix><sep><id>} in the configured project, holding a connection's URI or JSON form, or
 * a variable's value. Secret Manager's ids allow only {@code [A-Za-z0-9_-]}, so an id with any
 * other character (a {@code /}, a {@code .}) is refused here without a call: it could only be an
 * attempt to name another secret, version or project.
 */
public final class GcpSecretManagerBackend implements SecretsBackend, AutoCloseable {
  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

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
    String secret =
        secretId("Connection id", connId, settings.connectionsPrefix() + settings.separator());
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
    return access(secretId("Variable key", key, settings.variablesPrefix() + settings.separator()));
  }

  /**
   * The secret's id, whole: the name the client builds is {@code projects/<p>/secrets/<id>/...},
   * and a {@code /} in the id would address another project, secret or version.
   */
  private static String secretId(String what, String id, String prefix) {
    SecretIds.check(what, id);
    String secret = prefix + id;
    if (!SECRET_ID.matcher(secret).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + id
              + "' cannot be looked up in GCP Secret Manager: secret '"
              + prefix
              + "<id>' must be 1 to 255 letters, digits, '_' or '-'. Keep such ids in another"
              + " backend or rename them.");
    }
    return secret;
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
