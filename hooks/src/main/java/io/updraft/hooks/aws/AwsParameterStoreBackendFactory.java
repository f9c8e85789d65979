package io.updraft.hooks.aws;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/** {@code ssm} in {@code secrets.order}, configured by the {@code secrets.ssm} section. */
public final class AwsParameterStoreBackendFactory implements SecretsBackendFactory {
  @Override
  public String name() {
    return "ssm";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return !config.ssm().isEmpty();
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    AwsSettings settings = AwsSettings.parameterStore(config.ssm());
    SsmClientBuilder builder =
        SsmClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(settings.credentials());
    if (settings.endpointUri() != null) {
      builder.endpointOverride(settings.endpointUri());
    }
    return new AwsParameterStoreBackend(builder.build(), settings);
  }
}
