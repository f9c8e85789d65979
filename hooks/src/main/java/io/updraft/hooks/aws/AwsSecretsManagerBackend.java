package io.updraft.hooks.aws;

import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Connections and variables in AWS Secrets Manager, named {@code <prefix><sep><id>} (by default
 * {@code updraft/connections/<conn_id>} and {@code updraft/variables/<key>}), as Airflow's
 * SecretsManagerBackend. A connection's secret is a URI or a JSON object whose keys may use the
 * usual aliases ({@code user}/{@code username} for login, {@code pass} for password, {@code
 * database} for schema, {@code engine} for conn_type, ...). A lookup pattern, when set, skips the
 * call for ids that cannot be there. An id never becomes an ARN or a name outside the prefix
 * ({@link AwsSecretNames}).
 */
public final class AwsSecretsManagerBackend extends AwsSecretsBackend {
  private final SecretsManagerClient client;

  AwsSecretsManagerBackend(SecretsManagerClient client, AwsSettings settings) {
    super(settings);
    this.client = client;
  }

  @Override
  String nameOf(String what, String prefix, String id) {
    return AwsSecretNames.secretId(what, prefix, settings.separator(), id);
  }

  @Override
  String describe(String name) {
    return "AWS secret " + name;
  }

  @Override
  Optional<String> fetch(String secretId) {
    try {
      GetSecretValueResponse response = client.getSecretValue(r -> r.secretId(secretId));
      return Optional.ofNullable(response.secretString());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }
}
