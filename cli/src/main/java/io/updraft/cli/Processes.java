package io.updraft.cli;

import io.updraft.api.ApiServer;
import io.updraft.api.ApiServices;
import io.updraft.api.HealthProbe;
import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.dag.DagBag;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.scheduler.SchedulerService;
import io.updraft.sql.PostgresPoolStore;
import io.updraft.sql.PostgresRunAdmin;
import io.updraft.sql.PostgresRunBrowser;
import io.updraft.sql.PostgresWorkerDirectory;
import io.updraft.worker.TaskRunner;
import io.updraft.worker.Worker;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.quartz.SchedulerException;

/** The composition of each long-running process from the shared backends. */
final class Processes {
  private Processes() {}

  static DagBag loadDags() {
    return DagBag.load(Thread.currentThread().getContextClassLoader());
  }

  static SchedulerService scheduler(Backends b, DagBag dagBag) throws SchedulerException {
    b.requireRedis();
    return new SchedulerService(
        dagBag,
        b.dags,
        b.runs,
        b.queue,
        b.events,
        b.database.dataSource(),
        b.clock,
        b.config.scheduler());
  }

  static Worker worker(Backends b, DagBag dagBag, String name, List<String> queues, int slots) {
    b.requireRedis();
    TaskRunner runner =
        new TaskRunner(
            name,
            dagBag,
            b.runs,
            b.dags,
            b.xcoms,
            b.logs,
            new AdvanceRun(b.runs, b.queue, b.clock),
            b.events,
            b.clock);
    return new Worker(name, queues, slots, b.queue, runner, Duration.ofSeconds(30));
  }

  static ApiServer api(Backends b) {
    HealthProbe probe =
        new HealthProbe(
            b.health::databaseUp,
            () -> b.queue != null && b.queue.ping(),
            b.health::lastSchedulerCheckin,
            b.clock);
    return new ApiServer(
        new ApiServices(
            b.dags,
            b.runs,
            new PostgresRunBrowser(b.database),
            new PostgresRunAdmin(b.database),
            b.logs,
            new PostgresPoolStore(b.database),
            new PostgresWorkerDirectory(b.database),
            new UserAccounts(b.users, Passwords.standard(), b.clock),
            probe,
            runId -> {
              if (b.events != null) {
                b.events.publish(runId);
              }
            },
            b.clock));
  }

  /** A worker name that is unique on a machine and tells where it runs: host-pid. */
  static String defaultWorkerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
