package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.worker.Worker;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code updraft worker}: one worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a worker: take tasks from queues and run them.")
final class WorkerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = {"-q", "--queues"},
      split = ",",
      paramLabel = "QUEUE",
      description = "Queues to take tasks from (default: worker.queues, else 'default').")
  List<String> queues;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "SLOTS",
      description = "Tasks run at once (default: worker.slots, else 16).")
  Integer slots;

  @Option(names = "--name", description = "Worker name (default: host-pid).")
  String name;

  @Override
  public Integer call() {
    UpdraftConfig loaded = config.loadConnected();
    Backends backends = Backends.open(loaded, false).requireRedis();
    Worker worker;
    ProcessDags dags = null;
    ProcessEndpoints endpoints;
    try {
      dags = Processes.dags(backends, null);
      worker =
          Processes.worker(
              backends,
              dags.source(),
              name != null
                  ? name
                  : loaded.worker().name() != null
                      ? loaded.worker().name()
                      : Processes.defaultWorkerName(),
              queues != null ? queues : loaded.worker().queues(),
              slots != null ? slots : loaded.worker().slots());
      endpoints = Processes.workerEndpoints(backends, worker);
    } catch (RuntimeException e) {
      // Fails fast (e.g. a required connection does not resolve) without leaking connections.
      if (dags != null) {
        dags.close();
      }
      backends.close();
      throw e;
    }
    worker.start();
    return UntilStopped.await(endpoints, worker, dags, backends);
  }
}
