package io.updraft.cli;

import io.updraft.scheduler.SchedulerService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code updraft scheduler}: one scheduler process. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Run a scheduler: create DAG runs on schedule and queue ready tasks.")
final class SchedulerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    Backends backends = Backends.open(config.loadConnected(), true).requireRedis();
    ProcessDags dags = Processes.dags(backends, null);
    SchedulerService scheduler;
    ProcessEndpoints endpoints;
    try {
      scheduler = Processes.scheduler(backends, dags.source());
    } catch (RuntimeException e) {
      dags.close();
      backends.close();
      throw e;
    }
    try {
      endpoints = Processes.schedulerEndpoints(backends, scheduler);
    } catch (RuntimeException e) {
      scheduler.close();
      dags.close();
      backends.close();
      throw e;
    }
    scheduler.start();
    return UntilStopped.await(endpoints, scheduler, dags, backends);
  }
}
