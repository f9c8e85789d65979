package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesystemSecretsBackendTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void connections_are_read_from_an_env_file() throws Exception {
    Path file =
        write(
            "connections.env",
            "# comment\n\nsales_db = postgresql://u:pw@db:5432/sales\n"
                + "api={\"conn_type\": \"http\", \"host\": \"api\"}\n");
    LocalFilesystemSecretsBackend backend = new LocalFilesystemSecretsBackend(file, null);

    assertThat(backend.connection("sales_db").orElseThrow().host()).isEqualTo("db");
    assertThat(backend.connection("api").orElseThrow().connType()).isEqualTo("http");
    assertThat(backend.connection("other")).isEmpty();
  }

  @Test
  void connections_are_read_from_json_as_uris_or_fields() throws Exception {
    Path file =
        write(
            "connections.json",
            "{\n  \"a\": \"mysql://h/db\",\n  \"b\": {\"conn_type\": \"postgres\", \"host\": \"pg\","
                + " \"extra_dejson\": {\"sslmode\": \"require\"}},\n  \"c\": [\"http://one\"]\n}");
    LocalFilesystemSecretsBackend backend = new LocalFilesystemSecretsBackend(file, null);

    assertThat(backend.connection("a").orElseThrow().schema()).isEqualTo("db");
    Connection b = backend.connection("b").orElseThrow();
    assertThat(b.extra()).isEqualTo(Map.of("sslmode", "require"));
    assertThat(backend.connection("c").orElseThrow().host()).isEqualTo("one");
  }

  @Test
  void connections_and_variables_are_read_from_yaml() throws Exception {
    Path conns =
        write(
            "connections.yaml",
            "a: http://h\nb:\n  conn_type: postgres\n  host: pg\n  port: 5432\n"
                + "  extra:\n    sslmode: require\n");
    Path vars = write("variables.yml", "region: eu-west-1\nlimits:\n  max: 3\n");
    LocalFilesystemSecretsBackend backend = new LocalFilesystemSecretsBackend(conns, vars);

    assertThat(backend.connection("b").orElseThrow().port()).isEqualTo(5432);
    assertThat(backend.variable("region")).contains("eu-west-1");
    assertThat(backend.variable("limits")).contains("{\"max\":3}");
  }

  @Test
  void variables_are_read_from_an_env_file() throws Exception {
    Path vars = write("variables.env", "A=1\nB = two words \n");

    assertThat(new LocalFilesystemSecretsBackend(null, vars).variable("B")).contains("two words");
  }

  @Test
  void a_duplicate_key_in_an_env_file_names_both_lines() throws Exception {
    Path file = write("connections.env", "a=http://one\n\na=http://two\n");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(file, null).connection("a"))
        .hasMessageContaining(file + ":3: duplicate key 'a' (first defined at " + file + ":1)");
  }

  @Test
  void a_duplicate_key_in_yaml_names_the_line() throws Exception {
    Path file = write("variables.yaml", "a: 1\nb: 2\na: 3\n");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(null, file).variable("b"))
        .hasMessageContaining(file + ":3: duplicate key 'a'");
  }

  @Test
  void a_duplicate_key_in_json_names_the_line() throws Exception {
    Path file = write("variables.json", "{\n\"a\": 1,\n\"a\": 2\n}");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(null, file).variable("a"))
        .hasMessageContaining(file + ":3: duplicate key 'a'");
  }

  @Test
  void a_line_without_equals_names_the_file_and_line() throws Exception {
    Path file = write("connections.env", "a=http://one\njust text\n");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(file, null).connection("a"))
        .hasMessageContaining(file + ":2: invalid line; expected KEY=value");
  }

  @Test
  void an_invalid_connection_names_the_file_and_line() throws Exception {
    Path file = write("connections.env", "a=http://one\nb=http://h:port/x\n");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(file, null).connection("b"))
        .hasMessageContaining("Connection 'b' from " + file + ":2 is not a valid URI");
  }

  @Test
  void invalid_json_names_the_line() throws Exception {
    Path file = write("connections.json", "{\n\"a\": \"http://h\",\n\"b\" \"x\"\n}");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(file, null).connection("a"))
        .hasMessageContaining(file + ":3: not valid JSON");
  }

  @Test
  void a_missing_file_is_named() {
    Path file = dir.resolve("missing.env");

    assertThatThrownBy(() -> new LocalFilesystemSecretsBackend(file, null).connection("a"))
        .hasMessageContaining("Secrets file " + file + " does not exist");
  }

  @Test
  void an_id_is_a_key_in_the_configured_file_never_a_path_to_another_file() throws Exception {
    Files.createDirectories(dir.resolve("secrets"));
    Path conns = write("secrets/connections.env", "sales_db=postgresql://u:pw@db:5432/sales\n");
    Path vars = write("secrets/variables.env", "region=eu\n");
    Path outside = write("outside.env", "leak=postgresql://admin:root-pw@prod:5432/all\n");
    LocalFilesystemSecretsBackend backend = new LocalFilesystemSecretsBackend(conns, vars);
    SecretsChain chain =
        new SecretsChain(
            java.util.List.of(backend),
            java.time.Duration.ZERO,
            java.time.Clock.systemUTC(),
            read -> {},
            new SecretMasker());
    Requester task = Requester.task("worker", "etl", "load");

    for (String id :
        java.util.List.of(
            "../outside.env", "../outside", outside.toString(), "secrets/../outside.env")) {
      assertThat(backend.connection(id)).isEmpty();
      assertThat(backend.variable(id)).isEmpty();
      assertThatThrownBy(() -> chain.connection(id, task))
          .isInstanceOf(InvalidSecretIdException.class)
          .hasMessageContaining("'" + id + "'");
    }
    assertThat(chain.connection("sales_db", task).host()).isEqualTo("db");
    assertThat(chain.variable("region", task)).isEqualTo("eu");
  }
}
