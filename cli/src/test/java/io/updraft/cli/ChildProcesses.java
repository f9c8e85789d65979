package io.updraft.cli;

import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts workers and schedulers as real JVMs on the test classpath, and kills them with SIGKILL: no
 * shutdown hook, no cleanup, as when a machine dies.
 */
final class ChildProcesses implements AutoCloseable {
  private final Map<String, String> env;
  private final List<Process> started = new ArrayList<>();

  ChildProcesses(Map<String, String> settings) {
    var db = PostgresExtension.database();
    var env = new java.util.HashMap<String, String>(settings);
    env.put("UPDRAFT_DATABASE__URL", db.jdbcUrl());
    env.put("UPDRAFT_DATABASE__USER", db.user());
    if (db.password() != null) {
      env.put("UPDRAFT_DATABASE__PASSWORD", db.password());
    }
    env.put("UPDRAFT_DATABASE__POOL_SIZE", "4");
    env.put("UPDRAFT_REDIS__URL", RedisExtension.url());
    env.put("UPDRAFT_REDIS__NAMESPACE", RedisExtension.namespace());
    this.env = Map.copyOf(env);
  }

  Process worker(String name, int slots) {
    return start(name, "worker", name, Integer.toString(slots));
  }

  Process scheduler(String name) {
    return start(name, "scheduler");
  }

  private Process start(String logName, String... args) {
    return start(RecoveryProcessMain.class, logName, args);
  }

  /** A JVM running {@code main} with {@code args}, its output in {@code target/child-NAME.log}. */
  Process start(Class<?> main, String logName, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.redirectOutput(new File("target", "child-" + logName + ".log"));
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start a child JVM: " + command, e);
    }
  }

  /** SIGKILL: the process gets no chance to clean up. */
  static void kill9(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    started.forEach(ChildProcesses::kill9);
  }
}
