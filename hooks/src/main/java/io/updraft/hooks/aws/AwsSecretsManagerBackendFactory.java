package io.updraft.hooks.aws;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code aws} in {@code secrets.order}, configured by the {@code secrets.aws} section. */
public final class AwsSecretsManagerBackendFactory implements SecretsBackendFactory {
  @Override
  public String name() {
    return "aws";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return !config.aws().isEmpty();
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    AwsSettings settings = AwsSettings.secretsManager(config.aws());
    return new AwsSecretsManagerBackend(settings.client(SecretsManagerClient.builder()), settings);
  }
}
