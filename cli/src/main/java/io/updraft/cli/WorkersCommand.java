package io.updraft.cli;

import io.updraft.core.run.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code updraft workers ...}: the workers and what they run. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = "Inspect workers.",
    subcommands = WorkersCommand.ListWorkers.class)
final class WorkersCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the workers that heartbeat, with their queues and running tasks.")
  static final class ListWorkers implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        Instant now = b.clock.instant();
        Table table =
            new Table("name", "hostname", "queues", "running", "slots", "started_at", "last_seen");
        for (WorkerInfo w : b.workers.list()) {
          table.row(
              w.name(),
              w.hostname(),
              String.join(",", w.queues()),
              Integer.toString(w.running()),
              Integer.toString(w.slots()),
              String.valueOf(w.startedAt()),
              w.lastSeen() == null
                  ? ""
                  : Duration.between(w.lastSeen(), now).toSeconds() + "s ago");
        }
        table.print(System.out);
      }
    }
  }
}
