package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Connections and variables in AWS Secrets Manager, named {@code <prefix><sep><id>} (by default
 * {@code updraft/connections/<conn_id>} and {@code updraft/variables/<key>}), as Airflow's
 * SecretsManagerBackend. A connection's secret is a URI or a JSON object whose keys may use the
 * usual aliases ({@code user}/{@code username} for login, {@code pass} for password, {@code
 * database} for schema, {@code engine} for conn_type, ...). A lookup pattern, when set, skips the
 * call for ids that cannot be there.
 */
public final class AwsSecretsManagerBackend implements SecretsBackend {
  private final SecretsManagerClient client;
  private final AwsSettings settings;

  AwsSecretsManagerBackend(SecretsManagerClient client, AwsSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (skip(settings.connectionsPrefix(), settings.connectionsLookupPattern(), connId)) {
      return Optional.empty();
    }
    String secretId = secretId(settings.connectionsPrefix(), connId);
    return fetch(secretId)
        .map(value -> AwsConnectionValues.toConnection(connId, value, "AWS secret " + secretId));
  }

  @Override
  public Optional<String> variable(String key) {
    if (skip(settings.variablesPrefix(), settings.variablesLookupPattern(), key)) {
      return Optional.empty();
    }
    return fetch(secretId(settings.variablesPrefix(), key));
  }

  private static boolean skip(String prefix, Pattern pattern, String id) {
    return prefix.isEmpty() || (pattern != null && !pattern.matcher(id).find());
  }

  private String secretId(String prefix, String id) {
    return prefix + settings.separator() + id;
  }

  private Optional<String> fetch(String secretId) {
    try {
      GetSecretValueResponse response = client.getSecretValue(r -> r.secretId(secretId));
      return Optional.ofNullable(response.secretString());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }
}
