package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One try of an isolated Java task, seen from the worker: starts the child JVM under the task
 * launcher (its own process group, gone with the worker), turns its output into log lines, answers
 * its requests on a private Unix socket ({@link IsolatedRequests}) and turns how it ended into the
 * try's outcome. The worker stays the only writer of state; the child only asks.
 */
final class IsolatedTry {
  /** The environment variable that tells the child where the worker's socket is. */
  static final String SOCKET_ENV = "UPDRAFT_ISOLATED_SOCKET";

  /** Where a JDK AOT cache for the child is, if any: a system property of the worker. */
  static final String AOT_CACHE_PROPERTY = "updraft.isolated.aot_cache";

  private IsolatedTry() {}

  static Object run(IsolatedJavaOperator operator, TaskContext context) throws Exception {
    Path dir = socketDirectory();
    Path socketPath = dir.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socketPath));
      Map<String, String> environment =
          TaskEnvironment.of(System.getenv(), context, Map.of(SOCKET_ENV, socketPath.toString()));
      IsolatedRequests requests = new IsolatedRequests(context, jarOf(operator.callable()));
      Thread serving =
          Thread.ofVirtual()
              .name("isolated-socket-" + context.taskId())
              .start(() -> requests.serve(server));
      try (TaskProcess process =
          TaskProcess.start(
              program(operator.maxHeap()), environment, "an isolated Java task", "java")) {
        Thread reader =
            Thread.ofVirtual()
                .name("isolated-output-" + context.taskId())
                .start(() -> pipeToLog(process, context));
        int status;
        try {
          status = process.waitFor();
          reader.join();
        } catch (InterruptedException e) {
          // A timeout or shutdown: the child may be in a loop that never looks at interrupts.
          process.kill();
          context.log().info("The isolated JVM was killed: its try was stopped");
          Thread.currentThread().interrupt();
          throw e;
        }
        // Closed so that a child that never connected cannot keep the socket's thread waiting.
        server.close();
        serving.join();
        return requests.outcome(status, operator.maxHeap());
      }
    } finally {
      server.close();
      Files.deleteIfExists(socketPath);
      Files.deleteIfExists(dir);
    }
  }

  /** A directory only this user can enter: the socket in it answers with the task's secrets. */
  private static Path socketDirectory() throws IOException {
    var owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    Path dir = Files.createTempDirectory("updraft-isolated-", owner);
    // A Unix socket's path has at most 107 bytes; a deep java.io.tmpdir falls back to /tmp.
    if (dir.toString().length() > 90) {
      Files.delete(dir);
      dir = Files.createTempDirectory(Path.of("/tmp"), "updraft-isolated-", owner);
    }
    return dir;
  }

  /** The child's command line: the worker's own java and classpath, nothing secret. */
  static List<String> program(String maxHeap) {
    List<String> line = new ArrayList<>();
    line.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    line.add("-Xmx" + maxHeap);
    // One short task: a small collector and the quick compiler start fastest.
    line.add("-XX:+UseSerialGC");
    line.add("-XX:TieredStopAtLevel=1");
    line.addAll(startupCache());
    line.add("-cp");
    line.add(System.getProperty("java.class.path"));
    line.add(IsolatedTaskMain.class.getName());
    return line;
  }

  /**
   * The start-up cache the child maps: the one named by {@value #AOT_CACHE_PROPERTY}, else the
   * worker's own ({@code ./updraft} records one per build), which holds most classes the child
   * loads; the child's classpath is the worker's, so the JDK accepts it. A cache it cannot use
   * costs nothing but a skipped mapping.
   */
  static List<String> startupCache() {
    String cache = System.getProperty(AOT_CACHE_PROPERTY);
    if (cache != null && Files.isRegularFile(Path.of(cache))) {
      return List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
    }
    List<String> own =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("-XX:SharedArchiveFile="))
            .toList();
    if (own.isEmpty()) {
      return List.of();
    }
    List<String> options = new ArrayList<>(own);
    options.addAll(List.of("-Xlog:aot=off", "-Xlog:cds=off"));
    return options;
  }

  /**
   * The DAG jar (the worker's copy of that version) that defined the callable, or null when it came
   * from the worker's classpath, which the child has too.
   */
  static String jarOf(TaskCallable callable) {
    Class<?> type = callable.getClass();
    if (type.getClassLoader() == ClassLoader.getSystemClassLoader()
        || type.getProtectionDomain().getCodeSource() == null) {
      return null;
    }
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("A DAG jar's location is not a file: " + e.getMessage(), e);
    }
  }

  private static void pipeToLog(TaskProcess process, TaskContext context) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.output(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        context.log().info(line);
      }
    } catch (IOException e) {
      // The process was killed and its pipe closed: nothing more to read.
    }
  }
}
