package io.updraft.cli;

import io.updraft.core.config.DagsConfig;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.folder.DagFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's DAGs: the class path's, and with {@code dags.folder} those of its jars, scanned again
 * every {@code dags.refresh_interval_seconds} by a thin loop around {@link DagFolder#runOnce()}.
 */
final class ProcessDags implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessDags.class);

  private final DagSource source;
  private final DagFolder folder;
  private final ScheduledExecutorService loop;

  private ProcessDags(DagSource source, DagFolder folder, ScheduledExecutorService loop) {
    this.source = source;
    this.folder = folder;
    this.loop = loop;
  }

  /**
   * @param folder the DAGs folder, or null for the class path's DAGs alone
   * @param versionsInUse the jar versions of unfinished runs, which stay loaded
   */
  static ProcessDags open(
      DagsConfig config, Path folder, Supplier<Set<String>> versionsInUse, Clock clock) {
    DagBag classPath = Processes.loadDags();
    if (folder == null) {
      return new ProcessDags(DagSource.of(classPath), null, null);
    }
    int interval = config.refreshIntervalSeconds();
    DagFolder dagFolder =
        new DagFolder(
            classPath,
            folder,
            Thread.currentThread().getContextClassLoader(),
            versionsInUse,
            clock,
            // Longer than a scheduler takes to see a replaced jar, after which no run of the old
            // version can be created any more.
            Duration.ofSeconds(Math.max(60, 12L * interval)));
    ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("updraft-dags-folder").unstarted(r));
    loop.scheduleWithFixedDelay(
        () -> {
          try {
            dagFolder.runOnce();
          } catch (RuntimeException e) {
            LOG.error("Cannot scan the DAGs folder {}: {}", folder, e.toString());
          }
        },
        interval,
        interval,
        TimeUnit.SECONDS);
    LOG.info("Loading DAG jars from {} every {} s", folder, interval);
    return new ProcessDags(dagFolder, dagFolder, loop);
  }

  /** The configured DAGs folder, {@code ~} standing for the user's home; null when unset. */
  static Path configuredFolder(DagsConfig config) {
    String folder = config.folder();
    if (folder == null) {
      return null;
    }
    if (folder.equals("~") || folder.startsWith("~/")) {
      folder = System.getProperty("user.home") + folder.substring(1);
    }
    Path path = Path.of(folder);
    if (!Files.isDirectory(path)) {
      throw new UserError(
          "The DAGs folder "
              + path
              + " (dags.folder, UPDRAFT_DAGS__FOLDER) does not exist or is not a folder: create"
              + " it, or unset dags.folder to load DAGs from the class path only.");
    }
    return path;
  }

  DagSource source() {
    return source;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.shutdownNow();
      try {
        loop.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (folder != null) {
      folder.close();
    }
  }
}
