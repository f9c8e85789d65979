package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.sql.FernetCipher;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connections, variables and fernet commands, against a real PostgreSQL and real files. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SecretsCommandLineTest {
  @TempDir Path dir;
  private String database;
  private final String key = FernetCipher.generateKey();

  @BeforeEach
  void migrate() throws Exception {
    database = TestConfigs.database();
    assertThat(run("db", "migrate", "--config", config("")).exitCode()).isZero();
  }

  private String config(String secrets) throws Exception {
    Path file = Files.createTempFile(dir, "updraft", ".yaml");
    Files.writeString(file, database + secrets);
    return file.toString();
  }

  private String withKey(String fernetKey) throws Exception {
    return config(TestConfigs.fernetKey(fernetKey));
  }

  /**
   * Command output; log lines (the secrets audit) are left out, as they go to stderr outside tests.
   */
  private record Result(int exitCode, String out, String err) {
    Result {
      out =
          out.lines()
              .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
              .map(line -> line + "\n")
              .reduce("", String::concat);
    }
  }

  private static Result run(String... args) {
    CliRun run = CliRun.of(args);
    return new Result(run.exitCode(), run.out(), run.err());
  }

  @Test
  void fernet_generate_prints_a_usable_key() {
    Result result = run("fernet", "generate");

    assertThat(result.exitCode()).isZero();
    new FernetCipher(java.util.List.of(result.out().strip())).encrypt("works");
  }

  @Test
  void an_added_connection_is_shown_masked_unless_revealed() throws Exception {
    String config = withKey(key);
    Result added =
        run(
            "connections",
            "add",
            "sales_db",
            "--conn-uri",
            "postgresql://etl:s3cr3t-pw@db.example.com:5432/sales?api_key=k-98765&sslmode=require",
            "--config",
            config);
    assertThat(added.exitCode()).as(added.err()).isZero();

    Result json = run("connections", "get", "sales_db", "-o", "json", "--config", config);
    assertThat(json.exitCode()).isZero();
    assertThat(json.out())
        .contains("\"conn_id\" : \"sales_db\"")
        .contains("\"conn_type\" : \"postgres\"")
        .contains("\"password\" : \"***\"")
        .contains("\"sslmode\" : \"require\"")
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("k-98765");

    Result uri = run("connections", "get", "sales_db", "-o", "uri", "--reveal", "--config", config);
    assertThat(uri.out().strip())
        .isEqualTo(
            "postgres://etl:s3cr3t-pw@db.example.com:5432/sales?api_key=k-98765&sslmode=require");

    Result yaml = run("connections", "get", "sales_db", "-o", "yaml", "--config", config);
    assertThat(yaml.out()).contains("host: db.example.com").doesNotContain("s3cr3t-pw");
  }

  @Test
  void adding_without_a_fernet_key_stores_nothing_and_says_how_to_fix_it() throws Exception {
    String config = config("");

    Result result =
        run("connections", "add", "db", "--conn-uri", "postgres://u:pw@h/db", "--config", config);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("No Fernet key configured").contains("fernet generate");
    assertThat(run("connections", "get", "db", "--config", withKey(key)).exitCode()).isEqualTo(1);
  }

  @Test
  void a_connection_can_be_added_from_fields_listed_and_deleted() throws Exception {
    String config = withKey(key);
    assertThat(
            run(
                    "connections",
                    "add",
                    "api",
                    "--conn-type",
                    "http",
                    "--conn-host",
                    "api.example.com",
                    "--conn-port",
                    "443",
                    "--conn-extra",
                    "{\"timeout\": 5}",
                    "--config",
                    config)
                .exitCode())
        .isZero();

    assertThat(run("connections", "list", "--config", config).out())
        .contains("api")
        .contains("api.example.com")
        .contains("metastore");
    assertThat(run("connections", "delete", "api", "--config", config).exitCode()).isZero();
    assertThat(run("connections", "delete", "api", "--config", config).exitCode()).isEqualTo(1);
  }

  @Test
  void an_id_that_climbs_out_of_a_backend_s_path_is_refused_in_one_line() throws Exception {
    Result conn =
        run("connections", "get", "../../auth/token/lookup-self", "--config", withKey(key));
    Result variable = run("variables", "get", "a/./b", "--config", withKey(key));

    assertThat(conn.exitCode()).as(conn.err()).isEqualTo(2);
    assertThat(conn.err())
        .startsWith(
            "Error: Connection id '../../auth/token/lookup-self' cannot be looked up: it has the"
                + " path segment '..'")
        .doesNotContain("Exception");
    assertThat(variable.exitCode()).as(variable.err()).isEqualTo(2);
    assertThat(variable.err()).contains("Variable key 'a/./b' cannot be looked up");
  }

  @Test
  void an_unknown_connection_names_every_backend_searched() throws Exception {
    Result result = run("connections", "get", "nope", "--config", withKey(key));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("Connection 'nope' not found (searched env, metastore)");
  }

  @Test
  void reading_works_without_a_database_when_the_metastore_is_not_in_the_order() throws Exception {
    Path conns = dir.resolve("connections.yaml");
    Files.writeString(conns, "files_db: mysql://u:pw-123456@mysql.local/app\n");
    Path vars = dir.resolve("variables.env");
    Files.writeString(vars, "region=eu-west-1\nlimits={\"max\": 3}\n");
    Path config = dir.resolve("no-db.yaml");
    Files.writeString(
        config,
        "secrets:\n  order: [file, env]\n  file:\n    connections: "
            + conns
            + "\n    variables: "
            + vars
            + "\n");

    Result conn = run("connections", "get", "files_db", "-o", "uri", "--config", config.toString());
    assertThat(conn.exitCode()).as(conn.err()).isZero();
    assertThat(conn.out().strip()).isEqualTo("mysql://u:***@mysql.local/app");
    assertThat(run("variables", "get", "region", "--config", config.toString()).out())
        .isEqualTo("eu-west-1\n");
    assertThat(run("variables", "get", "limits", "-o", "json", "--config", config.toString()).out())
        .contains("\"max\" : 3");
    assertThat(run("variables", "list", "--config", config.toString()).out())
        .contains("region")
        .contains("file");
    assertThat(run("connections", "check", "files_db", "--config", config.toString()).exitCode())
        .isZero();
    Result missing =
        run("connections", "check", "files_db", "other", "--config", config.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Connection 'other' not found (searched file, env)");
  }

  @Test
  void variables_are_set_read_and_missing_ones_fail_clearly() throws Exception {
    String config = withKey(key);
    assertThat(run("variables", "set", "greeting", "hello world", "--config", config).exitCode())
        .isZero();

    assertThat(run("variables", "get", "greeting", "--config", config).out())
        .isEqualTo("hello world\n");
    assertThat(run("variables", "get", "greeting", "-o", "json", "--config", config).out())
        .isEqualTo("\"hello world\"\n");
    Result missing = run("variables", "get", "nope", "--config", config);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Variable 'nope' not found");
  }

  @Test
  void connections_and_variables_survive_export_import_and_rotation() throws Exception {
    String config = withKey(key);
    run(
        "connections",
        "add",
        "a",
        "--conn-uri",
        "http://u:pw-a1234@a.example.com",
        "--config",
        config);
    run("variables", "set", "v", "value-1", "--config", config);
    Path conns = dir.resolve("out.json");
    Path vars = dir.resolve("out.yaml");
    assertThat(run("connections", "export", conns.toString(), "--config", config).exitCode())
        .isZero();
    assertThat(run("variables", "export", vars.toString(), "--config", config).exitCode()).isZero();
    run("connections", "delete", "a", "--config", config);
    run("variables", "delete", "v", "--config", config);

    assertThat(run("connections", "import", conns.toString(), "--config", config).out())
        .contains("Imported 1 connections");
    assertThat(run("variables", "import", vars.toString(), "--config", config).exitCode()).isZero();

    String newKey = FernetCipher.generateKey();
    Result rotated = run("fernet", "rotate", "--config", withKey(newKey + "," + key));
    assertThat(rotated.out()).contains("Re-encrypted 2 rows");
    String onlyNew = withKey(newKey);
    assertThat(run("connections", "get", "a", "-o", "uri", "--reveal", "--config", onlyNew).out())
        .contains("http://u:pw-a1234@a.example.com");
    assertThat(run("variables", "get", "v", "--config", onlyNew).out()).isEqualTo("value-1\n");
  }

  @Test
  void an_import_file_with_a_nul_character_is_refused_whole_with_the_entry_named()
      throws Exception {
    String config = withKey(key);
    Path vars = dir.resolve("vars.json");
    Files.writeString(vars, "{\"fine\": \"ok\", \"bad\": \"a\\u0000b\"}");
    Path conns = dir.resolve("conns.json");
    Files.writeString(
        conns,
        "{\"good\": \"http://u:pw@a.example.com\","
            + " \"evil\": {\"conn_type\": \"http\", \"host\": \"a\\u0000.example.com\"}}");

    Result variables = run("variables", "import", vars.toString(), "--config", config);
    Result connections = run("connections", "import", conns.toString(), "--config", config);

    assertThat(variables.exitCode()).isEqualTo(2);
    assertThat(variables.err())
        .contains("Variable 'bad' in " + vars)
        .contains("NUL")
        .contains("Nothing was imported");
    assertThat(connections.exitCode()).isEqualTo(2);
    assertThat(connections.err())
        .contains("Connection 'evil' in " + conns)
        .contains("NUL")
        .contains("Nothing was imported");
    assertThat(run("variables", "get", "fine", "--config", config).exitCode()).isEqualTo(1);
    assertThat(run("connections", "get", "good", "--config", config).exitCode()).isEqualTo(1);
  }

  @Test
  void a_worker_does_not_start_when_a_required_connection_does_not_resolve() throws Exception {
    String config =
        config(
            "redis:\n  url: "
                + RedisExtension.url()
                + "\n  namespace: "
                + RedisExtension.namespace()
                + "\nsecrets:\n  order: [env]\n  required_connections: [warehouse]\n");

    Result result = run("worker", "--config", config);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Required connections (secrets.required_connections) do not resolve")
        .contains("Connection 'warehouse' not found (searched env)");
  }

  @Test
  void connections_test_reaches_the_host_and_port() throws Exception {
    try (java.net.ServerSocket listening = new java.net.ServerSocket(0)) {
      int closedPort;
      try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
        closedPort = closed.getLocalPort();
      }
      Path conns = dir.resolve("test-connections.env");
      Files.writeString(
          conns,
          "up=http://127.0.0.1:"
              + listening.getLocalPort()
              + "\ndown=http://127.0.0.1:"
              + closedPort
              + "\n");
      Path config = dir.resolve("test.yaml");
      Files.writeString(
          config, "secrets:\n  order: [file]\n  file:\n    connections: " + conns + "\n");

      Result up = run("connections", "test", "up", "--config", config.toString());
      Result down = run("connections", "test", "down", "--config", config.toString());

      assertThat(up.exitCode()).isZero();
      assertThat(up.out()).contains("accepts connections");
      assertThat(down.exitCode()).isEqualTo(1);
      assertThat(down.err()).contains("cannot be reached");
    }
  }
}
