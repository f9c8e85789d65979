package io.updraft.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import java.util.Objects;

/**
 * The HTTP server of the JSON API and the web UI. It reads only the metadata database through the
 * store ports, never user code. Request handlers run on virtual threads.
 */
public final class ApiServer implements AutoCloseable {
  private final Javalin app;
  private boolean started;

  public ApiServer(DagStore dags, RunStore runs, HealthProbe health) {
    Objects.requireNonNull(dags, "dags");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(health, "health");
    this.app = create(dags, runs, health);
  }

  /** The whole route table. */
  private static Javalin create(DagStore dagStore, RunStore runStore, HealthProbe probe) {
    ApiLookup lookup = new ApiLookup(dagStore, runStore);
    HealthHandler health = new HealthHandler(probe);
    VersionHandler version = new VersionHandler();
    DagsHandler dags = new DagsHandler(dagStore);
    RunsHandler runs = new RunsHandler(lookup, runStore);
    TaskInstancesHandler taskInstances = new TaskInstancesHandler(lookup, runStore);
    UiHandler ui = new UiHandler(dagStore, runStore);

    return Javalin.create(
        cfg -> {
          cfg.concurrency.useVirtualThreads = true;
          cfg.startup.showJavalinBanner = false;
          cfg.startup.showOldJavalinVersionWarning = false;
          cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));

          cfg.routes.get("/", ui::dagsPage);
          cfg.routes.get("/api/v1/health", health::health);
          cfg.routes.get("/api/v1/version", version::version);
          cfg.routes.get("/api/v1/dags", dags::list);
          cfg.routes.get("/api/v1/dags/{dag_id}/dagRuns", runs::list);
          cfg.routes.get(
              "/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances", taskInstances::list);

          cfg.routes.exception(ApiProblem.class, Problems::apiProblem);
          cfg.routes.exception(HttpResponseException.class, Problems::httpResponse);
          cfg.routes.exception(Exception.class, Problems::unexpected);
          cfg.routes.error(HttpStatus.NOT_FOUND, Problems::notFoundUnlessAnswered);
        });
  }

  /**
   * Starts listening; port 0 picks a free port, which {@link #port()} then tells.
   *
   * @throws IllegalStateException if the server was already started
   */
  public synchronized ApiServer start(String host, int port) {
    if (started) {
      throw new IllegalStateException("The API server is already started, on port " + port());
    }
    app.start(host, port);
    started = true;
    return this;
  }

  /** The port the server listens on. */
  public synchronized int port() {
    if (!started) {
      throw new IllegalStateException("The API server is not started; call start(host, port)");
    }
    return app.port();
  }

  @Override
  public synchronized void close() {
    app.stop();
  }
}
