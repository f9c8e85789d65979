package io.updraft.cli;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.TaskInstance;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.testing.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the remote-log tests share: an {@code aws} connection to the S3 API test server, a bucket
 * name of their own, the config file and backends with logs.remote set, and where a try's log rows
 * are. Closes what it opened, in reverse order.
 */
final class RemoteLogsFixture implements AutoCloseable {
  static final int LINES = 2500;
  static final Dag TALKY =
      Dag.builder("remote_logs")
          .task(
              Task.java(
                  "talk",
                  ctx -> {
                    for (int i = 0; i < LINES; i++) {
                      ctx.log().info("line " + i);
                    }
                    return null;
                  }))
          .build();

  final String bucket = "logs-" + UUID.randomUUID().toString().substring(0, 8);
  final Connection s3Connection;
  final Hooks hooks;
  Path config;
  Backends backends;
  private final Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  /**
   * @param dir where the config file and the connections file are written
   */
  RemoteLogsFixture(Path dir) {
    this.dir = dir;
    s3Connection = Connection.fromJson("logs_s3", S3TestServer.connectionJson());
    hooks =
        opened(
            Hooks.load(
                ConnectionLookup.of(Map.of("logs_s3", s3Connection)),
                RemoteLogsFixture.class.getClassLoader()));
  }

  <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  void createBucket() throws Exception {
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      s3.createBucket(bucket);
    }
  }

  /** The key of the log of try 1 of {@code talk} in run {@code runId}, under {@code prefix}. */
  static String talkLogKey(String prefix, String runId) {
    return prefix
        + "/remote_logs/"
        + runId.replace(":", "%3A").replace("+", "%2B").replace(".", "%2E")
        + "/talk/-1/1.log";
  }

  /**
   * Writes the config file, with logs.remote at {@code base} and {@code more} YAML, and opens it.
   */
  void configure(String base, String more) throws Exception {
    Path connections = dir.resolve("connections.json");
    Files.writeString(connections, "{\"logs_s3\": " + s3Connection.toJson() + "}");
    config =
        TestConfigs.write(
            dir,
            TestConfigs.databaseAndRedis()
                + "secrets:\n  order: [file]\n  file:\n    connections: "
                + connections
                + "\nlogs:\n  remote:\n    connection_id: logs_s3\n    base: "
                + base
                + "\n"
                + more);
    backends = opened(Backends.open(ConfigLoader.load(config, Map.of()), true));
  }

  List<String> location(TaskInstance ti) throws Exception {
    List<String> found = new ArrayList<>();
    try (var c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select location from task_log_location where task_instance_id = " + ti.id())) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    }
    return found;
  }

  long postgresLines(TaskInstance ti) throws Exception {
    try (var c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from task_log where task_instance_id = " + ti.id())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // closed by the test already
      }
    }
  }
}
