package io.updraft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code updraft dags pause|unpause DAG_ID}. */
final class PauseCommand {
  private PauseCommand() {}

  static void setPaused(ConfigOption config, String dagId, boolean paused) {
    try (Backends b = Backends.forCommand(config.loadConnected())) {
      DagsCommand.findDag(b, dagId);
      b.dags.setPaused(dagId, paused);
      System.out.println((paused ? "Paused " : "Unpaused ") + dagId);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a DAG: no new scheduled runs, and its runs' tasks are not queued.")
  static final class Pause implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
    String dagId;

    @Override
    public void run() {
      setPaused(config, dagId, true);
    }
  }

  @Command(
      name = "unpause",
      mixinStandardHelpOptions = true,
      description = "Unpause a DAG: its schedule and runs carry on.")
  static final class Unpause implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
    String dagId;

    @Override
    public void run() {
      setPaused(config, dagId, false);
    }
  }
}
