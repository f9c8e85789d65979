package io.updraft.hooks.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.testing.TestTaskContext;
import io.updraft.testing.SshTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP hook and sensor against a real in-process SFTP server over a temporary directory. */
class SftpHookTest {
  @TempDir static Path root;
  @TempDir Path local;
  private static SshTestServer server;
  private Hooks hooks;

  @BeforeAll
  static void start() {
    server = new SshTestServer(root);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void open() {
    hooks =
        Hooks.load(
            ConnectionLookup.of(
                Map.of("drop", SshConnections.withPassword(server, "drop", "sftp"))),
            getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    hooks.close();
  }

  @Test
  void put_list_exists_get_and_delete_work_on_the_server() throws Exception {
    Files.createDirectories(root.resolve("incoming"));
    Path report = Files.writeString(local.resolve("report.csv"), "a,b\n1,2\n");
    try (SftpHook sftp = hooks.open("drop", SftpHook.class)) {
      sftp.put(report, "/incoming/report.csv");
      sftp.put("hello".getBytes(StandardCharsets.UTF_8), "/incoming/hello.txt");

      assertThat(Files.readString(root.resolve("incoming/report.csv"))).isEqualTo("a,b\n1,2\n");
      assertThat(sftp.list("/incoming")).containsExactly("hello.txt", "report.csv");
      assertThat(sftp.exists("/incoming/hello.txt")).isTrue();
      assertThat(sftp.exists("/incoming/nothing.txt")).isFalse();

      sftp.get("/incoming/hello.txt", local.resolve("copy.txt"));
      assertThat(Files.readString(local.resolve("copy.txt"))).isEqualTo("hello");

      sftp.delete("/incoming/hello.txt");
      assertThat(sftp.exists("/incoming/hello.txt")).isFalse();
      assertThat(sftp.test().message()).startsWith("Connected to 127.0.0.1 (SFTP version");
    }
  }

  @Test
  void the_sensor_waits_for_a_templated_path_in_poke_and_reschedule_mode() throws Exception {
    Files.createDirectories(root.resolve("landing"));
    try (TestTaskContext context =
        new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"))) {
      var reschedule =
          new SftpSensor(
              "drop",
              "/landing/{{ ds }}.csv",
              SensorSettings.DEFAULT.withMode(SensorMode.RESCHEDULE));
      assertThatThrownBy(() -> reschedule.execute(context))
          .isInstanceOf(TaskRescheduleException.class);

      Files.writeString(root.resolve("landing/2026-03-01.csv"), "x");
      reschedule.execute(context);
      new SftpSensor("drop", "/landing/{{ ds }}.csv", SensorSettings.DEFAULT).execute(context);

      assertThat(context.logLines)
          .filteredOn(l -> l.contains("condition met"))
          .hasSize(2)
          .allMatch(l -> l.contains("/landing/2026-03-01.csv"));
    }
  }
}
