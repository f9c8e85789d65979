package io.updraft.cli;

import io.updraft.api.ApiServer;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.scheduler.SchedulerService;
import io.updraft.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code updraft standalone}: scheduler, worker and API in one JVM, for a laptop. With no database
 * or Redis configured, it starts embedded ones and tells the other commands where they are.
 */
@Command(
    name = "standalone",
    mixinStandardHelpOptions = true,
    description = {
      "Run scheduler, worker and API in one process.",
      "Without a configured database or Redis, starts embedded ones (data under $UPDRAFT_HOME, else"
          + " $HOME/.updraft), on 127.0.0.1 only, with passwords and a Fernet key generated at the"
          + " first start and kept there, readable by your user only."
    })
final class StandaloneCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--port",
      description = "HTTP port of the UI and API (default: api.port, else 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = {
        "Interface the UI and API listen on (default: ${DEFAULT-VALUE}, this machine only; api.host"
            + " is not used here).",
        "Use 0.0.0.0 to let other machines connect: then anyone who reaches the port can try to"
            + " sign in."
      })
  String host;

  @Override
  public Integer call() throws Exception {
    StandaloneInfo.read()
        .ifPresent(
            running -> {
              throw new UserError(
                  "A standalone is already running on this machine (pid "
                      + running.pid()
                      + ", "
                      + running.apiUrl()
                      + "). Stop it first, or use it.");
            });
    UpdraftConfig configured = config.load();
    Path home = UpdraftHome.path();
    boolean embeddedDatabase = !configured.database().isConfigured();
    if (embeddedDatabase || !configured.redis().isConfigured()) {
      StaleServices.stopLeftovers(home);
    }
    OwnerOnlyFiles.privateDirectory(home);
    EmbeddedServices embedded =
        new EmbeddedServices(home, StandaloneCredentials.loadOrCreate(home));
    UpdraftConfig loaded = embedded.startMissing(configured);
    if (embeddedDatabase) {
      // The database made here gets its key here; a configured key wins.
      loaded = StandaloneFernetKey.orCreate(loaded, home);
    }
    Backends backends = Backends.open(loaded, true);
    String adminPassword = StandaloneAdmin.createIfNoUsers(backends);
    // One scan of the DAGs folder for the scheduler and the worker of this JVM.
    Path defaultDags = loaded.dags().folder() == null ? standaloneDagsFolder() : null;
    ProcessDags dags = Processes.dags(backends, defaultDags);
    SchedulerService scheduler = Processes.scheduler(backends, dags.source());
    scheduler.start();
    Worker worker =
        Processes.worker(
            backends,
            dags.source(),
            Processes.defaultWorkerName(),
            loaded.worker().queues(),
            loaded.worker().slots());
    worker.start();
    ApiServer api = Processes.api(backends).start(host, port != null ? port : loaded.api().port());
    String url = "http://" + urlHost() + ":" + api.port() + "/";
    // Where the services are, never their passwords: those stay in the 0600 credentials file.
    StandaloneInfo info =
        new StandaloneInfo(
            loaded.database().url(),
            loaded.database().user(),
            configured.redis().isConfigured() ? loaded.redis().url() : embedded.redisUrl(),
            url,
            ProcessHandle.current().pid(),
            embeddedDatabase,
            !configured.redis().isConfigured());
    info.write();
    System.out.println();
    System.out.println("Updraft is running: " + url);
    StandaloneAdmin.print(adminPassword, System.out);
    System.out.println(
        "DAGs: "
            + String.join(", ", dags.source().current().dags().stream().map(d -> d.id()).toList()));
    System.out.println(
        "Deploy DAG jars by copying them into "
            + (defaultDags != null ? defaultDags : loaded.dags().folder())
            + ": they are picked up without a restart.");
    System.out.println("Try, in another terminal: ./updraft dags trigger example_hello --wait");
    System.out.println("Press Ctrl-C to stop.");
    return UntilStopped.await(info::deleteIfMine, api, worker, scheduler, dags, backends, embedded);
  }

  /** The host of the printed URL: the wildcard address is not one a browser can open. */
  private String urlHost() {
    return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
  }

  /** {@code ~/.updraft/dags}, created on first use, unless dags.folder names another. */
  private static Path standaloneDagsFolder() {
    Path folder = UpdraftHome.path().resolve("dags");
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UserError("Cannot create the DAGs folder " + folder + ": " + e.getMessage());
    }
  }
}
