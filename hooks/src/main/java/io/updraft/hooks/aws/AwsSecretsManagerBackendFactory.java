package io.updraft.hooks.aws;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

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
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(settings.credentials());
    if (settings.endpointUri() != null) {
      builder.endpointOverride(settings.endpointUri());
    }
    return new AwsSecretsManagerBackend(builder.build(), settings);
  }
}
