package io.updraft.hooks.aws;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
    AwsSettings settings = AwsSettings.from(config.aws());
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(
                settings.accessKeyId() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            settings.accessKeyId(), settings.secretAccessKey())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return new AwsSecretsManagerBackend(builder.build(), settings);
  }
}
