package io.updraft.cli;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.UpdraftConfig;
import java.util.List;

/**
 * A worker of {@link BashTaskDags} in a process of its own ({@code NAME} as its argument), for
 * tests that kill it or give it an environment of their making. Configured by {@code UPDRAFT_*}
 * variables.
 */
public final class BashTaskWorkerMain {
  private BashTaskWorkerMain() {}

  public static void main(String[] args) throws Exception {
    UpdraftConfig config = ConfigLoader.load(null, System.getenv());
    Backends backends = Backends.open(config, false).requireRedis();
    var worker = Processes.worker(backends, BashTaskDags.bag(), args[0], List.of("default"), 4);
    worker.start();
    System.out.println("started worker " + args[0]);
    UntilStopped.await(worker, backends);
  }
}
