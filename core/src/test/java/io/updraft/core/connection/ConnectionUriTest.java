package io.updraft.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases of Airflow's own connection tests, with the values Airflow gives. */
class ConnectionUriTest {
  record Expected(
      String type,
      String host,
      String login,
      String password,
      Integer port,
      String schema,
      Map<String, Object> extra) {}

  static Expected conn(
      String type, String host, String login, String password, Integer port, String schema) {
    return new Expected(type, host, login, password, port, schema, Map.of());
  }

  static Expected conn(
      String type,
      String host,
      String login,
      String password,
      Integer port,
      String schema,
      Map<String, Object> extra) {
    return new Expected(type, host, login, password, port, schema, extra);
  }

  static Stream<Arguments> airflow_uris() {
    return Stream.of(
        Arguments.of(
            "type://user:pass@host:100/schema",
            conn("type", "host", "user", "pass", 100, "schema")),
        Arguments.of(
            "type://user:pass@host/schema", conn("type", "host", "user", "pass", null, "schema")),
        Arguments.of(
            "type://user:pass@host/schema?param1=val1&param2=val2",
            conn(
                "type",
                "host",
                "user",
                "pass",
                null,
                "schema",
                Map.of("param1", "val1", "param2", "val2"))),
        Arguments.of("type://host", conn("type", "host", null, null, null, "")),
        Arguments.of(
            "spark://mysparkcluster.com:80?deploy-mode=cluster&spark_binary=command&namespace=kube+namespace",
            conn(
                "spark",
                "mysparkcluster.com",
                null,
                null,
                80,
                "",
                Map.of(
                    "deploy-mode",
                    "cluster",
                    "spark_binary",
                    "command",
                    "namespace",
                    "kube namespace"))),
        Arguments.of(
            "spark://k8s://100.68.0.1:443?deploy-mode=cluster",
            conn(
                "spark",
                "k8s://100.68.0.1",
                null,
                null,
                443,
                "",
                Map.of("deploy-mode", "cluster"))),
        Arguments.of(
            "type://protocol://user:pass@host:123?param=value",
            conn("type", "protocol://host", "user", "pass", 123, "", Map.of("param", "value"))),
        Arguments.of(
            "scheme://user:password@host%2Flocation:1234/schema",
            conn("scheme", "host/location", "user", "password", 1234, "schema")),
        Arguments.of(
            "scheme://user:password@host%2Flocation:1234/schema?extra1=a%20value&extra2=%2Fpath%2F",
            conn(
                "scheme",
                "host/location",
                "user",
                "password",
                1234,
                "schema",
                Map.of("extra1", "a value", "extra2", "/path/"))),
        Arguments.of(
            "scheme://user:password@host%2Flocation:1234/schema?__extra__=%7B%22my_val%22%3A+%5B%22list%22%2C+%22of%22%2C+%22values%22%5D%2C+%22extra%22%3A+%7B%22nested%22%3A+%7B%22json%22%3A+%22val%22%7D%7D%7D",
            conn(
                "scheme",
                "host/location",
                "user",
                "password",
                1234,
                "schema",
                Map.of(
                    "my_val",
                    List.of("list", "of", "values"),
                    "extra",
                    Map.of("nested", Map.of("json", "val"))))),
        Arguments.of(
            "scheme://user:password@host%2Flocation:1234/schema?extra1=a%20value&extra2=",
            conn(
                "scheme",
                "host/location",
                "user",
                "password",
                1234,
                "schema",
                Map.of("extra1", "a value", "extra2", ""))),
        Arguments.of(
            "scheme://user:password@host%2Flocation%3Ax%3Ay:1234/schema",
            conn("scheme", "host/location:x:y", "user", "password", 1234, "schema")),
        Arguments.of(
            "scheme://user:password%20with%20space@host%2Flocation%3Ax%3Ay:1234/schema",
            conn("scheme", "host/location:x:y", "user", "password with space", 1234, "schema")),
        Arguments.of(
            "scheme://domain%2Fuser:password@host%2Flocation%3Ax%3Ay:1234/schema",
            conn("scheme", "host/location:x:y", "domain/user", "password", 1234, "schema")),
        Arguments.of(
            "scheme://user:password%20with%20space@host:1234/schema%2Ftest",
            conn("scheme", "host", "user", "password with space", 1234, "schema/test")),
        Arguments.of(
            "scheme://user:password%20with%20space@host:1234",
            conn("scheme", "host", "user", "password with space", 1234, "")),
        Arguments.of(
            "google-cloud-platform://?key_path=%2Fkeys%2Fkey.json&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform&project=airflow",
            conn(
                "google_cloud_platform",
                "",
                null,
                null,
                null,
                "",
                Map.of(
                    "key_path",
                    "/keys/key.json",
                    "scope",
                    "https://www.googleapis.com/auth/cloud-platform",
                    "project",
                    "airflow"))),
        Arguments.of("scheme://host:1234", conn("scheme", "host", null, null, 1234, "")),
        Arguments.of("scheme://%2FTmP%2F:1234", conn("scheme", "/TmP/", null, null, 1234, "")),
        Arguments.of("scheme:///airflow", conn("scheme", "", null, null, null, "airflow")),
        Arguments.of("scheme://@:1234", conn("scheme", "", "", null, 1234, "")),
        Arguments.of(
            "scheme://:password%2F%21%40%23%24%25%5E%26%2A%28%29%7B%7D@",
            conn("scheme", "", "", "password/!@#$%^&*(){}", null, "")),
        Arguments.of(
            "scheme://login%2F%21%40%23%24%25%5E%26%2A%28%29%7B%7D@",
            conn("scheme", "", "login/!@#$%^&*(){}", null, null, "")),
        Arguments.of(
            "http://:password@host:80/database",
            conn("http", "host", "", "password", 80, "database")),
        Arguments.of(
            "http://user:@host:80/database", conn("http", "host", "user", null, 80, "database")),
        Arguments.of(
            "http://user:password@/database",
            conn("http", "", "user", "password", null, "database")),
        Arguments.of(
            "http://user:password@host:80/", conn("http", "host", "user", "password", 80, "")),
        Arguments.of("http://user:password@/", conn("http", "", "user", "password", null, "")),
        Arguments.of(
            "postgresql://user:password@%2Ftmp%2Fz6rqdzqh%2Fexample%3Awest1%3Atestdb/testdb",
            conn(
                "postgres",
                "/tmp/z6rqdzqh/example:west1:testdb",
                "user",
                "password",
                null,
                "testdb")),
        Arguments.of(
            "postgresql://%2Ftmp%2Fz6rqdzqh%2Fexample%3Aeurope-west1%3Atestdb",
            conn("postgres", "/tmp/z6rqdzqh/example:europe-west1:testdb", null, null, null, "")),
        Arguments.of(
            "spark://k8s%3a%2F%2F100.68.0.1:443?deploy-mode=cluster",
            conn(
                "spark",
                "k8s://100.68.0.1",
                null,
                null,
                443,
                "",
                Map.of("deploy-mode", "cluster"))),
        Arguments.of(
            "spark://user:password@k8s%3a%2F%2F100.68.0.1:443?deploy-mode=cluster",
            conn(
                "spark",
                "k8s://100.68.0.1",
                "user",
                "password",
                443,
                "",
                Map.of("deploy-mode", "cluster"))),
        Arguments.of(
            "spark://k8s%3a%2F%2Fno.port.com?deploy-mode=cluster",
            conn(
                "spark",
                "k8s://no.port.com",
                null,
                null,
                null,
                "",
                Map.of("deploy-mode", "cluster"))),
        Arguments.of(
            "postgresql://username:password@ec2.compute.com:5432/the_database",
            conn("postgres", "ec2.compute.com", "username", "password", 5432, "the_database")),
        Arguments.of(
            "MySQL://DB.Example.COM/Sales",
            conn("mysql", "db.example.com", null, null, null, "Sales")),
        Arguments.of("//abc", conn("", "abc", null, null, null, "")),
        Arguments.of("a-b-c://h", conn("a_b_c", "h", null, null, null, "")),
        Arguments.of("pg://[::1]:5432/db", conn("pg", "::1", null, null, 5432, "db")),
        Arguments.of(
            "http://h?a=1&a=2&flag",
            conn("http", "h", null, null, null, "", Map.of("a", "2", "flag", ""))),
        Arguments.of("http://h/s#fragment", conn("http", "h", null, null, null, "s")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("airflow_uris")
  void a_uri_reads_as_airflow_reads_it(String uri, Expected expected) {
    Connection c = Connection.fromUri("my_conn", uri);

    assertThat(c.connId()).isEqualTo("my_conn");
    assertThat(c.connType()).isEqualTo(expected.type());
    assertThat(c.host()).isEqualTo(expected.host());
    assertThat(c.login()).isEqualTo(expected.login());
    assertThat(c.password()).isEqualTo(expected.password());
    assertThat(c.port()).isEqualTo(expected.port());
    assertThat(c.schema()).isEqualTo(expected.schema());
    assertThat(c.extra()).isEqualTo(expected.extra());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("airflow_uris")
  void a_written_uri_reads_back_as_the_same_connection(String uri, Expected ignored) {
    Connection c = Connection.fromUri("my_conn", uri);

    Connection again = Connection.fromUri("my_conn", c.toUri());

    assertThat(again).isEqualTo(c);
  }

  static Stream<Arguments> written_uris() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("param1", "val1");
    params.put("param2", "val2");
    return Stream.of(
        Arguments.of(
            new Connection("c", "type", null, "host", "user", "pass", "schema", 100, params),
            "type://user:pass@host:100/schema?param1=val1&param2=val2"),
        Arguments.of(
            new Connection("c", "type", null, "protocol://host", null, null, "schema", 100, params),
            "type://protocol://host:100/schema?param1=val1&param2=val2"),
        Arguments.of(
            new Connection(
                "c", "type", null, "protocol://host", "user", "pass", "schema", 100, params),
            "type://protocol://user:pass@host:100/schema?param1=val1&param2=val2"),
        Arguments.of(new Connection("c", null, null, null, null, null, null, null, null), "//"),
        Arguments.of(new Connection("c", null, null, "abc", null, null, null, null, null), "//abc"),
        Arguments.of(
            new Connection("c", "google_cloud_platform", null, null, null, null, null, null, null),
            "google-cloud-platform://"),
        Arguments.of(
            new Connection("c", "scheme", null, null, null, null, null, 1234, null),
            "scheme://@:1234"),
        Arguments.of(
            new Connection("c", "http", null, "h", null, "p@ss word/", null, null, null),
            "http://:p%40ss%20word%2F@h"),
        Arguments.of(
            new Connection("c", "http", null, "h", null, null, null, null, Map.of("a", "b c")),
            "http://h/?a=b+c"),
        Arguments.of(
            new Connection("c", "http", null, "h", null, null, "s", null, Map.of("n", 1)),
            "http://h/s?__extra__=%7B%22n%22%3A1%7D"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("written_uris")
  void a_connection_writes_the_uri_airflow_writes(Connection c, String expected) {
    assertThat(c.toUri()).isEqualTo(expected);
  }

  static Stream<Arguments> invalid_uris() {
    return Stream.of(
        Arguments.of(
            "type://user:pass@protocol://host:port?param=value",
            "has a login or port before the protocol"),
        Arguments.of("a://b://c://d", "at most two"),
        Arguments.of("just some text", "is neither a JSON object"),
        Arguments.of("my_type://host", "not a valid conn type in a URI"),
        Arguments.of("http://host:abc/db", "port that is not a number ('abc')"),
        Arguments.of("http://host:70000/db", "port 70000, out of range 0-65535"),
        Arguments.of("http://host?__extra__=%5B1%5D", "__extra__ parameter that must hold a JSON"),
        Arguments.of("://host", "no conn type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid_uris")
  void an_invalid_uri_is_an_error_that_says_what_is_wrong(String uri, String message) {
    assertThatThrownBy(() -> Connection.parse("my_conn", uri, "UPDRAFT_CONN_MY_CONN"))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining("Connection 'my_conn' from UPDRAFT_CONN_MY_CONN")
        .hasMessageContaining(message);
  }

  @Test
  void an_error_never_shows_the_password() {
    assertThatThrownBy(() -> Connection.parse("c", "http://u:s3cr3t@host:x1/db", "a file"))
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void to_string_never_shows_the_password_or_extra_values() {
    Connection c =
        Connection.fromUri("c", "http://user:s3cr3t@host/db?token=t0ken&region=eu-west-1");

    assertThat(c.toString())
        .doesNotContain("s3cr3t")
        .doesNotContain("t0ken")
        .contains("password=***")
        .contains("host=host");
  }
}
