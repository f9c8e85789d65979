package io.updraft.cli;

import io.updraft.api.ApiServer;
import io.updraft.core.config.UpdraftConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code updraft api}: the JSON API and web UI. */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = "Serve the JSON API (/api/v1) and the web UI.")
final class ApiCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--port", description = "HTTP port (default: api.port, else 8080).")
  Integer port;

  @Override
  public Integer call() {
    UpdraftConfig loaded = config.loadConnected();
    Backends backends = Backends.open(loaded, false);
    int chosen = port != null ? port : loaded.api().port();
    ApiServer api = Processes.api(backends).start(loaded.api().host(), chosen);
    System.out.println("Updraft API and UI: http://localhost:" + api.port() + "/");
    return UntilStopped.await(api, backends);
  }
}
