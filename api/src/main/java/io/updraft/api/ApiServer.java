package io.updraft.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.updraft.core.hook.Hooks;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.json.Json;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.secrets.FernetKeyException;
import io.updraft.core.secrets.InvalidSecretIdException;
import java.util.Objects;

/**
 * The HTTP server of the JSON API and the web UI. It reads only the metadata database through the
 * store ports, never user code. Request handlers run on virtual threads.
 */
public final class ApiServer implements AutoCloseable {
  private final Javalin app;
  private final Hooks hooks;
  private boolean started;

  public ApiServer(ApiServices services) {
    Objects.requireNonNull(services, "services");
    this.app = create(services);
    this.hooks = services.hooks();
  }

  /** The whole route table. */
  private static Javalin create(ApiServices s) {
    DagStore dagStore = s.dags();
    RunStore runStore = s.runs();
    ApiLookup lookup = new ApiLookup(dagStore, runStore);
    Templates templates = new Templates();
    Authentication authentication = new Authentication(s.users());
    ErrorPages errors = new ErrorPages(templates);
    LoginHandler login = new LoginHandler(s.users(), templates);
    TokenHandler tokens = new TokenHandler(s.users(), s.clock());
    UsersHandler users = new UsersHandler(s.users());
    StaticFiles staticFiles = new StaticFiles();
    HealthHandler health = new HealthHandler(s.health());
    VersionHandler version = new VersionHandler();
    DagsHandler dags = new DagsHandler(lookup, dagStore, runStore, s.clock());
    AnnouncedTrigger trigger =
        new AnnouncedTrigger(
            new RunTrigger(runStore, s.queue(), s.clock()), s.runChanged(), s.runCreated());
    RunsHandler runs =
        new RunsHandler(
            lookup, dagStore, runStore, trigger, s.browser(), s.admin(), s.runChanged(), s.clock());
    TaskMarking marking = new TaskMarking(runStore, s.admin(), s.runChanged(), s.clock());
    TaskClearing clearing = new TaskClearing(lookup, s.admin(), s.runChanged(), s.clock());
    TaskInstancesHandler taskInstances =
        new TaskInstancesHandler(lookup, runStore, s.browser(), marking, s.logs());
    RenderedFieldsHandler rendered = new RenderedFieldsHandler(lookup, s.renderedFields());
    ClearTaskInstancesHandler clearTasks = new ClearTaskInstancesHandler(lookup, clearing);
    PoolsHandler pools = new PoolsHandler(s.pools());
    AssetsHandler assets = new AssetsHandler(s.assets(), s.clock());
    UiAssetsHandler assetsPage = new UiAssetsHandler(s.assets(), templates);
    WorkersHandler workers = new WorkersHandler(s.workers(), s.clock());
    ImportErrorsHandler importErrors = new ImportErrorsHandler(s.importErrors());
    DeadlineMissesHandler deadlineMisses = new DeadlineMissesHandler(s.browser());
    OpenApiHandler openApi = new OpenApiHandler();
    MetricsHandler metrics = new MetricsHandler(s.metrics());
    UiPagesHandler pages =
        new UiPagesHandler(
            lookup,
            runStore,
            s.browser(),
            s.logs(),
            s.renderedFields(),
            s.pools(),
            workers,
            templates);
    TriggerFormHandler triggerForm = new TriggerFormHandler(lookup, trigger, templates, s.clock());
    RunHistoryHandler history = new RunHistoryHandler(lookup, runStore, s.browser(), templates);
    UiActionsHandler actions =
        new UiActionsHandler(lookup, dagStore, s.admin(), s.runChanged(), s.clock());
    UiTaskActionsHandler taskActions = new UiTaskActionsHandler(lookup, marking, clearing);
    ConnectionTesting testing =
        new ConnectionTesting(s.metastore(), s.hooks(), s.connectionTests());
    ConnectionsHandler connections = new ConnectionsHandler(s.metastore(), testing);
    VariablesHandler variables = new VariablesHandler(s.metastore());
    UiSecretsHandler secrets = new UiSecretsHandler(s.metastore(), s.hooks(), templates, testing);
    UiRunsHandler runsPage = new UiRunsHandler(s.browser(), templates, s.clock());
    AuditTrail audit = new AuditTrail(s.eventLog(), s.clock());
    UiAuditLogHandler auditPage = new UiAuditLogHandler(s.eventLog(), templates);
    EventLogsHandler eventLogs = new EventLogsHandler(s.eventLog());
    UiHandler ui = new UiHandler(dagStore, s.importErrors(), runStore, templates, s.clock());

    return Javalin.create(
        cfg -> {
          cfg.concurrency.useVirtualThreads = true;
          cfg.startup.showJavalinBanner = false;
          cfg.startup.showOldJavalinVersionWarning = false;
          cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
          cfg.jetty.modifyServer(server -> server.setErrorHandler(new ServerErrorProblems()));

          cfg.routes.before(ServerTiming::start);
          cfg.routes.beforeMatched(RequestText::check);
          cfg.routes.beforeMatched(authentication::check);
          cfg.routes.after(ApiServer::apiHeaders);
          cfg.routes.after(audit::after);
          cfg.routes.after(ServerTiming::finish);

          cfg.routes.get("/login", login::form, Access.PUBLIC);
          cfg.routes.post("/login", login::login, Access.PUBLIC);
          cfg.routes.post("/logout", login::logout, Access.VIEWER);
          cfg.routes.get("/static/{file}", staticFiles::serve, Access.PUBLIC);
          cfg.routes.get("/", ui::dagsPage, Access.VIEWER);
          cfg.routes.get("/runs", runsPage::page, Access.VIEWER);
          // As in Airflow, reading the audit log is a permission of its own: ops and admins.
          cfg.routes.get("/audit-log", auditPage::page, Access.OP);
          cfg.routes.get("/pools", pages::pools, Access.VIEWER);
          cfg.routes.get("/assets", assetsPage::page, Access.VIEWER);
          cfg.routes.get("/workers", pages::workers, Access.VIEWER);
          cfg.routes.get("/connections", secrets::connections, Access.VIEWER);
          cfg.routes.post("/connections", secrets::createConnection, Access.OP);
          cfg.routes.get("/connections/new", secrets::newConnection, Access.OP);
          cfg.routes.get("/connections/{connection_id}", secrets::editConnection, Access.VIEWER);
          cfg.routes.post("/connections/{connection_id}", secrets::updateConnection, Access.OP);
          cfg.routes.post(
              "/connections/{connection_id}/delete", secrets::deleteConnection, Access.OP);
          cfg.routes.post(
              "/connections/{connection_id}/test", secrets::testConnection, Access.ADMIN);
          cfg.routes.get("/variables", secrets::variables, Access.VIEWER);
          cfg.routes.post("/variables", secrets::createVariable, Access.OP);
          cfg.routes.get("/variables/new", secrets::newVariable, Access.OP);
          cfg.routes.get("/variables/{key}", secrets::editVariable, Access.VIEWER);
          cfg.routes.post("/variables/{key}", secrets::updateVariable, Access.OP);
          cfg.routes.post("/variables/{key}/delete", secrets::deleteVariable, Access.OP);
          cfg.routes.get("/dags/{dag_id}", pages::dag, Access.VIEWER);
          cfg.routes.post("/dags/{dag_id}/paused", actions::setPaused, Access.OP);
          cfg.routes.get("/dags/{dag_id}/trigger", triggerForm::form, Access.OP);
          cfg.routes.post("/dags/{dag_id}/trigger", triggerForm::submit, Access.OP);
          cfg.routes.get("/dags/{dag_id}/runs/{dag_run_id}", pages::run, Access.VIEWER);
          cfg.routes.get("/dags/{dag_id}/runs/{dag_run_id}/gantt", history::gantt, Access.VIEWER);
          cfg.routes.get("/dags/{dag_id}/durations", history::durations, Access.VIEWER);
          cfg.routes.get("/dags/{dag_id}/landing-times", history::landingTimes, Access.VIEWER);
          cfg.routes.post("/dags/{dag_id}/runs/{dag_run_id}/clear", actions::clearRun, Access.OP);
          cfg.routes.post("/dags/{dag_id}/runs/{dag_run_id}/mark", actions::markRun, Access.OP);
          cfg.routes.get(
              "/dags/{dag_id}/runs/{dag_run_id}/tasks/{task_id}", pages::task, Access.VIEWER);
          cfg.routes.post(
              "/dags/{dag_id}/runs/{dag_run_id}/tasks/{task_id}/clear",
              taskActions::clear,
              Access.OP);
          cfg.routes.post(
              "/dags/{dag_id}/runs/{dag_run_id}/tasks/{task_id}/mark",
              taskActions::mark,
              Access.OP);

          cfg.routes.get("/api/v1/health", health::health, Access.PUBLIC);
          // Public, as the health check is: scrapers carry no session, and no value is secret.
          cfg.routes.get("/metrics", metrics::scrape, Access.PUBLIC);
          cfg.routes.get("/api/v1/version", version::version, Access.VIEWER);
          cfg.routes.get("/api/v1/openapi.json", openApi::serve, Access.PUBLIC);
          cfg.routes.post("/api/v1/auth/token", tokens::mint, Access.VIEWER);
          String user = "/api/v1/users/{username}";
          cfg.routes.get("/api/v1/users", users::list, Access.ADMIN);
          cfg.routes.post("/api/v1/users", users::create, Access.ADMIN);
          cfg.routes.get(user, users::get, Access.ADMIN);
          cfg.routes.patch(user, users::patch, Access.ADMIN);
          cfg.routes.delete(user, users::delete, Access.ADMIN);
          cfg.routes.get(user + "/tokens", users::tokens, Access.ADMIN);
          cfg.routes.delete(user + "/tokens/{token_id}", users::revokeToken, Access.ADMIN);

          String dag = "/api/v1/dags/{dag_id}";
          String run = dag + "/dagRuns/{dag_run_id}";
          String task = run + "/taskInstances/{task_id}";
          cfg.routes.get("/api/v1/dags", dags::list, Access.VIEWER);
          cfg.routes.get(dag, dags::get, Access.VIEWER);
          cfg.routes.patch(dag, dags::patch, Access.OP);
          cfg.routes.post(dag + "/clearTaskInstances", clearTasks::clear, Access.OP);
          cfg.routes.get(dag + "/dagRuns", runs::list, Access.VIEWER);
          cfg.routes.post(dag + "/dagRuns", runs::trigger, Access.OP);
          cfg.routes.get(run, runs::get, Access.VIEWER);
          cfg.routes.patch(run, runs::patch, Access.OP);
          cfg.routes.post(run + "/clear", runs::clear, Access.OP);
          cfg.routes.get(run + "/taskInstances", taskInstances::list, Access.VIEWER);
          cfg.routes.get(task, taskInstances::get, Access.VIEWER);
          cfg.routes.patch(task, taskInstances::patch, Access.OP);
          cfg.routes.get(task + "/tries", taskInstances::tries, Access.VIEWER);
          cfg.routes.get(task + "/xcomEntries", taskInstances::xcoms, Access.VIEWER);
          cfg.routes.get(task + "/xcomEntries/{xcom_key}", taskInstances::xcom, Access.VIEWER);
          cfg.routes.get(task + "/logs/{task_try_number}", taskInstances::logs, Access.VIEWER);
          cfg.routes.get(task + "/renderedFields", rendered::get, Access.VIEWER);
          cfg.routes.get("/api/v1/importErrors", importErrors::list, Access.VIEWER);
          cfg.routes.get("/api/v1/deadlineMisses", deadlineMisses::list, Access.VIEWER);
          cfg.routes.get("/api/v1/eventLogs", eventLogs::list, Access.OP);
          cfg.routes.get(
              "/api/v1/importErrors/{import_error_id}", importErrors::get, Access.VIEWER);
          cfg.routes.get("/api/v1/pools", pools::list, Access.VIEWER);
          cfg.routes.post("/api/v1/pools", pools::create, Access.ADMIN);
          cfg.routes.get("/api/v1/pools/{pool_name}", pools::get, Access.VIEWER);
          cfg.routes.patch("/api/v1/pools/{pool_name}", pools::patch, Access.ADMIN);
          cfg.routes.delete("/api/v1/pools/{pool_name}", pools::delete, Access.ADMIN);
          cfg.routes.get("/api/v1/workers", workers::list, Access.VIEWER);
          cfg.routes.get("/api/v1/assets", assets::list, Access.VIEWER);
          cfg.routes.get("/api/v1/assets/events", assets::events, Access.VIEWER);
          cfg.routes.post("/api/v1/assets/events", assets::create, Access.OP);
          String connection = "/api/v1/connections/{connection_id}";
          cfg.routes.get("/api/v1/connections", connections::list, Access.VIEWER);
          cfg.routes.post("/api/v1/connections", connections::create, Access.OP);
          cfg.routes.post("/api/v1/connections/test", connections::test, Access.ADMIN);
          cfg.routes.get(connection, connections::get, Access.VIEWER);
          cfg.routes.patch(connection, connections::patch, Access.OP);
          cfg.routes.delete(connection, connections::delete, Access.OP);
          cfg.routes.get("/api/v1/variables", variables::list, Access.VIEWER);
          cfg.routes.post("/api/v1/variables", variables::create, Access.OP);
          cfg.routes.get("/api/v1/variables/{key}", variables::get, Access.VIEWER);
          cfg.routes.patch("/api/v1/variables/{key}", variables::patch, Access.OP);
          cfg.routes.delete("/api/v1/variables/{key}", variables::delete, Access.OP);

          cfg.routes.exception(UiRedirect.class, ErrorPages::redirect);
          cfg.routes.exception(ApiProblem.class, errors::problem);
          cfg.routes.exception(
              InvalidInputException.class,
              (e, ctx) -> errors.problem(ApiProblem.badRequest(e.getMessage()), ctx));
          // A secrets lookup refused an id from the request: the caller's input, not a fault.
          cfg.routes.exception(
              InvalidSecretIdException.class,
              (e, ctx) -> errors.problem(ApiProblem.badRequest(e.getMessage()), ctx));
          cfg.routes.exception(
              FernetKeyException.class,
              (e, ctx) -> errors.problem(ApiProblem.conflict(e.getMessage()), ctx));
          cfg.routes.exception(HttpResponseException.class, Problems::httpResponse);
          cfg.routes.exception(Exception.class, Problems::unexpected);
          cfg.routes.error(HttpStatus.NOT_FOUND, Problems::notFoundUnlessAnswered);
        });
  }

  /**
   * API answers are for one caller at one moment: no cache (shared or the browser's) may keep them,
   * and no browser may read them as anything but their declared type.
   */
  private static void apiHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    if (Authentication.isApi(ctx)) {
      ctx.header("Cache-Control", "no-store");
    }
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

  /** Every route as "METHOD path", for the test that holds the OpenAPI document to them. */
  java.util.List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .toList();
  }

  @Override
  public synchronized void close() {
    app.stop();
    // The clients hooks opened for connection tests.
    hooks.close();
  }
}
