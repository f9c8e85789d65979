package io.updraft.hooks.google;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code gcp} in {@code secrets.order}, configured by the {@code secrets.gcp} section. */
public final class GcpSecretManagerBackendFactory implements SecretsBackendFactory {
  @Override
  public String name() {
    return "gcp";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return !config.gcp().isEmpty();
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    GcpSettings settings = GcpSettings.from(config.gcp());
    try {
      return new GcpSecretManagerBackend(
          SecretManagerServiceClient.create(clientSettings(settings)), settings);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the GCP Secret Manager client", e);
    }
  }

  static SecretManagerServiceSettings clientSettings(GcpSettings settings) throws IOException {
    SecretManagerServiceSettings.Builder builder = SecretManagerServiceSettings.newBuilder();
    if (settings.endpoint() != null) {
      builder.setEndpoint(settings.endpoint());
    }
    if (settings.anonymous()) {
      builder.setCredentialsProvider(NoCredentialsProvider.create());
      builder.setTransportChannelProvider(
          SecretManagerServiceSettings.defaultGrpcTransportProviderBuilder()
              .setEndpoint(
                  settings.endpoint() != null
                      ? settings.endpoint()
                      : SecretManagerServiceSettings.getDefaultEndpoint())
              // Without credentials there is nothing for TLS to protect: a local test server.
              .setChannelConfigurator(channel -> channel.usePlaintext())
              .build());
    }
    return builder.build();
  }
}
