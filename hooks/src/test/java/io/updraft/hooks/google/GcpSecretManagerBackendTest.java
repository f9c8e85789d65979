package io.updraft.hooks.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackends;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google client against Secret Manager's gRPC service, served in-process. */
class GcpSecretManagerBackendTest {
  private final FakeSecretManager secrets = new FakeSecretManager();
  private Server server;
  private ManagedChannel channel;
  private GcpSecretManagerBackend backend;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(secrets.service())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    backend = backend(Map.of("project", "my-project"));
  }

  private GcpSecretManagerBackend backend(Map<String, String> section) throws Exception {
    SecretManagerServiceSettings settings =
        SecretManagerServiceSettings.newBuilder()
            .setTransportChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    return new GcpSecretManagerBackend(
        SecretManagerServiceClient.create(settings), GcpSettings.from(section));
  }

  @AfterEach
  void stop() {
    backend.close();
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void the_latest_version_of_the_prefixed_secret_is_the_connection() {
    secrets.put("my-project", "updraft-connections-sales_db", "postgresql://etl:pw@db:5432/sales");

    Connection c = backend.connection("sales_db").orElseThrow();

    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.password()).isEqualTo("pw");
    assertThat(secrets.requested)
        .containsExactly(
            "projects/my-project/secrets/updraft-connections-sales_db/versions/latest");
  }

  @Test
  void a_json_secret_is_a_connection_too() {
    secrets.put(
        "my-project", "updraft-connections-api", "{\"conn_type\": \"http\", \"host\": \"a\"}");

    assertThat(backend.connection("api").orElseThrow().host()).isEqualTo("a");
  }

  @Test
  void a_missing_secret_is_not_found() {
    assertThat(backend.connection("nope")).isEmpty();
    assertThat(backend.variable("nope")).isEmpty();
  }

  @Test
  void variables_use_their_own_prefix_and_separator() throws Exception {
    secrets.put("other", "vars_region", "eu-west-1");

    GcpSecretManagerBackend custom =
        backend(Map.of("project", "other", "variables_prefix", "vars", "sep", "_"));

    assertThat(custom.variable("region")).contains("eu-west-1");
    custom.close();
  }

  @Test
  void the_project_is_required() {
    assertThatThrownBy(() -> GcpSettings.from(Map.of()))
        .hasMessageContaining("needs secrets.gcp.project");
  }

  @Test
  void the_configured_endpoint_is_used_over_the_network() throws Exception {
    Server tcp =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(secrets.service())
            .build()
            .start();
    try {
      secrets.put("p", "updraft-variables-color", "blue");
      SecretsConfig config =
          new SecretsConfig(
              List.of("gcp"),
              null,
              null,
              null,
              null,
              null,
              null,
              Map.of(
                  "project", "p", "endpoint", "localhost:" + tcp.getPort(), "credentials", "none"));
      SecretsBackend created = new SecretsBackends(config).create(Map.of(), null).getFirst();

      assertThat(created.variable("color")).contains("blue");
      ((AutoCloseable) created).close();
    } finally {
      tcp.shutdownNow();
    }
  }

  @Test
  void an_id_cannot_name_another_secret_version_or_project() {
    secrets.versions.put("projects/other-project/secrets/prod_db/versions/latest", "postgres://x");
    secrets.put("my-project", "updraft-connections-sales_db", "postgresql://etl:pw@db:5432/sales");

    for (String id :
        List.of(
            "../../other-project/secrets/prod_db",
            "sales_db/versions/1",
            "team/db",
            "my.conn",
            "sales_db%2Fversions%2F1",
            "sales_db?alt=json",
            "sales_db#x",
            "sales db")) {
      assertThatThrownBy(() -> backend.connection(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + shown(id) + "'");
      assertThatThrownBy(() -> backend.variable(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + shown(id) + "'");
    }
    assertThatThrownBy(() -> backend.connection("team/db"))
        .hasMessage(
            "Connection id 'team/db' cannot be looked up in GCP Secret Manager: secret"
                + " 'updraft-connections-<id>' must be 1 to 255 letters, digits, '_' or '-'. Keep"
                + " such ids in another backend or rename them.");
    assertThat(secrets.requested).isEmpty();

    assertThat(backend.connection("sales_db")).isPresent();
    assertThat(secrets.requested)
        .containsExactly(
            "projects/my-project/secrets/updraft-connections-sales_db/versions/latest");
  }

  /** How an error shows an id: a percent sign escaped, so no formatter can misread it. */
  private static String shown(String id) {
    return id.replace("%", "\\u0025");
  }
}
