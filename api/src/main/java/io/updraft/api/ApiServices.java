package io.updraft.api;

import io.updraft.core.audit.EventLog;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.hook.Hooks;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.AssetStore;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.PoolStore;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.WorkerDirectory;
import io.updraft.core.secrets.SecretsStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Everything the API server reads and changes, passed in by the composition root.
 *
 * @param importErrors the DAG files that did not load, as the schedulers recorded them
 * @param metastore connections and variables in the database, read and written by the API and UI
 * @param hooks the installed hooks: the conn types, their form fields and their test
 * @param runChanged told the id of every run the API changes, or creates without starting it, so
 *     the scheduler hears of it at once; a run started in its creating commit needs no scheduler
 * @param runCreated told every run the API creates, to count it (the dag runs metric)
 * @param metrics the process's metrics in the Prometheus text format, served at {@code /metrics}
 * @param connectionTests whether admins may test connections ({@code api.connection_test})
 * @param assets assets and their events, listed and recorded by the API and UI
 * @param eventLog the audit log: every change made through the UI and the API is written to it
 * @param queue the task queue, when the process reaches Redis (else null): a triggered run that
 *     starts in its creating commit has its root tasks pushed at once, without the scheduler
 */
public record ApiServices(
    DagStore dags,
    ImportErrorStore importErrors,
    RunStore runs,
    RunBrowser browser,
    RunAdmin admin,
    TaskLogStore logs,
    RenderedFieldsStore renderedFields,
    PoolStore pools,
    WorkerDirectory workers,
    UserAccounts users,
    HealthProbe health,
    LongConsumer runChanged,
    Consumer<DagRun> runCreated,
    Clock clock,
    SecretsStore metastore,
    Hooks hooks,
    Supplier<String> metrics,
    boolean connectionTests,
    AssetStore assets,
    EventLog eventLog,
    TaskQueue queue) {

  public ApiServices {
    Objects.requireNonNull(dags, "dags");
    Objects.requireNonNull(importErrors, "importErrors");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(browser, "browser");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(renderedFields, "renderedFields");
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(runChanged, "runChanged");
    Objects.requireNonNull(runCreated, "runCreated");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metastore, "metastore");
    Objects.requireNonNull(hooks, "hooks");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(assets, "assets");
    Objects.requireNonNull(eventLog, "eventLog");
  }
}
