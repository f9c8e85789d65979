package io.updraft.core.dag;

import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of an isolated try: loads the DAG from the same jar version as the worker (or from
 * the classpath), runs exactly that task's callable with a context that asks the worker for
 * everything, reports the return value on the socket and halts. Its stdout and stderr are the try's
 * log.
 */
public final class IsolatedTaskMain {
  private IsolatedTaskMain() {}

  public static void main(String[] args) throws Exception {
    String socket = System.getenv(IsolatedTry.SOCKET_ENV);
    if (socket == null) {
      System.err.println("Started without " + IsolatedTry.SOCKET_ENV + ": only a worker runs this");
      Runtime.getRuntime().halt(2);
    }
    PrintStream out = System.out;
    SocketChannel connection = SocketChannel.open(StandardProtocolFamily.UNIX);
    connection.connect(UnixDomainSocketAddress.of(socket));
    IsolatedChannel channel = new IsolatedChannel(connection);
    Map<String, Object> end = new LinkedHashMap<>();
    try {
      IsolatedTaskContext context = IsolatedTaskContext.open(channel);
      TaskCallable callable = callable(context);
      end.put("op", "result");
      end.put("value", callable.call(context));
      context.closeHooks();
    } catch (OutOfMemoryError e) {
      end.clear();
      end.put("op", "failed");
      end.put("out_of_memory", true);
    } catch (Throwable e) {
      e.printStackTrace(out);
      end.clear();
      end.put("op", "failed");
      end.put("error", String.valueOf(e));
    }
    out.flush();
    System.err.flush();
    channel.write(end);
    channel.close();
    // Threads the task left running must not keep the try open.
    Runtime.getRuntime().halt(0);
  }

  private static TaskCallable callable(IsolatedTaskContext context) throws Exception {
    String jar = context.jar();
    ClassLoader loader =
        jar == null
            ? ClassLoader.getSystemClassLoader()
            : new URLClassLoader(
                "dags:" + jar,
                new URL[] {Path.of(jar).toUri().toURL()},
                ClassLoader.getSystemClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    DagBag bag = jar == null ? DagBag.load(loader) : DagBag.loadOwn(loader);
    Dag dag =
        bag.get(context.dagId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "DAG '"
                            + context.dagId()
                            + "' is not in "
                            + (jar == null ? "the worker's classpath" : jar)
                            + ": an isolated task's DAG must come from a DagProvider"));
    Task task =
        dag.task(context.taskId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "DAG '" + context.dagId() + "' has no task '" + context.taskId() + "'"));
    TaskCallable callable = JavaTaskIsolation.isolatedCallable(task);
    if (callable == null) {
      throw new IllegalStateException(
          "Task '" + context.taskId() + "' is not a Java task to isolate in this DAG version");
    }
    context.useHooksFrom(loader);
    return callable;
  }
}
