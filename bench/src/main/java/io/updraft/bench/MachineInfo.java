package io.updraft.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.Jedis;

/** The machine the figures come from: CPU, memory, OS, the servers' versions, the JDK, the load. */
final class MachineInfo {
  private MachineInfo() {}

  static List<String> describe(BenchSettings s) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "CPU:        "
            + firstValue(Path.of("/proc/cpuinfo"), "model name")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores visible to the JVM");
    String memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\D", "");
    lines.add(
        "RAM:        "
            + (memKb.isEmpty()
                ? "unknown"
                : String.format(Locale.ROOT, "%.1f GB", Long.parseLong(memKb) / 1024.0 / 1024.0)));
    lines.add(
        "OS:         "
            + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "")
            + ", Linux "
            + System.getProperty("os.version"));
    lines.add("PostgreSQL: " + postgresVersion(s));
    lines.add("Redis:      " + redisVersion(s));
    lines.add(
        "JDK:        "
            + System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.runtime.version"));
    return lines;
  }

  /** The 1, 5 and 15-minute load averages: how busy the machine was around the figures. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String postgresVersion(BenchSettings s) {
    try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("show server_version")) {
      rs.next();
      String fsync = "";
      try (Statement st2 = c.createStatement();
          ResultSet sync = st2.executeQuery("show synchronous_commit")) {
        sync.next();
        fsync = " (synchronous_commit=" + sync.getString(1) + ")";
      }
      return rs.getString(1) + fsync;
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String redisVersion(BenchSettings s) {
    try (Jedis jedis = new Jedis(URI.create(s.redisUrl()))) {
      for (String line : jedis.info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length());
        }
      }
      return "unknown";
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
        if (sep > 0 && line.substring(0, sep).strip().equals(key)) {
          return line.substring(sep + 1).strip();
        }
      }
    } catch (IOException e) {
      // Not Linux, or not readable: say so below.
    }
    return "unknown";
  }
}
