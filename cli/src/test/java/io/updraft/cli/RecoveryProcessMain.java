package io.updraft.cli;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.UpdraftConfig;
import java.util.List;

/**
 * A worker or a scheduler in a process of its own, for tests that kill it with SIGKILL: {@code
 * worker NAME SLOTS} or {@code scheduler}. The configuration comes from {@code UPDRAFT_*}
 * environment variables.
 */
public final class RecoveryProcessMain {
  private RecoveryProcessMain() {}

  public static void main(String[] args) throws Exception {
    UpdraftConfig config = ConfigLoader.load(null, System.getenv());
    Backends backends = Backends.open(config, false).requireRedis();
    AutoCloseable process;
    if (args[0].equals("worker")) {
      var worker =
          Processes.worker(
              backends, RecoveryDags.bag(), args[1], List.of("default"), Integer.parseInt(args[2]));
      worker.start();
      process = worker;
    } else {
      var scheduler = Processes.scheduler(backends, RecoveryDags.bag());
      scheduler.start();
      process = scheduler;
    }
    System.out.println("started " + String.join(" ", args));
    UntilStopped.await(process, backends);
  }
}
