package io.updraft.cli;

import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.ConfigYaml;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code updraft startup-training}: what the launcher runs once per build to record the JDK's
 * start-up cache (class loading and linking of what commands use: picocli's command tree, the
 * configuration, JSON, jOOQ's SQL rendering, the database and Redis clients). It renders SQL
 * without a connection and loads the clients' classes without opening them; when a database is
 * configured or a standalone runs, it also runs the listing commands against it (reading only), so
 * that connecting and reading rows are cached too. Its last line says whether it reached one.
 */
@Command(
    name = "startup-training",
    hidden = true,
    description =
        "Exercise the start-up path once so the launcher can cache it (reads the database when"
            + " one is reachable).")
final class StartupTrainingCommand implements Runnable {
  private static final List<String> CLIENT_CLASSES =
      List.of(
          "com.zaxxer.hikari.HikariDataSource",
          "com.zaxxer.hikari.pool.HikariPool",
          "org.postgresql.Driver",
          "org.postgresql.jdbc.PgConnection",
          "org.flywaydb.core.Flyway",
          "redis.clients.jedis.JedisPooled");

  @Mixin ConfigOption configOption;

  @Option(
      names = "--without-database",
      description =
          "Only what commands that reach no database use: help, the configuration (the launcher's"
              + " light cache).")
  boolean withoutDatabase;

  @Override
  public void run() {
    StringWriter help = new StringWriter();
    Main.commandLine("--help").usage(new PrintWriter(help));
    String[] subcommandHelp = {"dags", "list", "--help"};
    Main.commandLine(subcommandHelp).setOut(new PrintWriter(help)).execute(subcommandHelp);
    UpdraftConfig config = ConfigLoader.load(null, Map.of());
    ConfigYaml.of(config);
    if (withoutDatabase) {
      System.out.println("Rendered help and the configuration.");
      return;
    }
    DagBag bag = Processes.loadDags();
    List<String> dags = new ArrayList<>();
    for (Dag dag : bag.dags()) {
      dags.add(Json.write(DagStructure.fromJson(dag.structure().toJson()).tasks()));
    }
    List<String> statements = sql(DSL.using(SQLDialect.POSTGRES));
    for (String name : CLIENT_CLASSES) {
      try {
        Class.forName(name, true, StartupTrainingCommand.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // A client left out of this build: nothing to cache for it.
      }
    }
    boolean connected;
    try {
      configOption.loadConnected(); // the standalone's files, when one runs
      connected = true;
    } catch (UserError e) {
      connected = false; // neither a database configured nor a standalone running
    }
    int read = connected ? ReadCommandsTraining.run(configOption.config) : 0;
    int rows = StartupClasses.fetchRows();
    int classes = StartupClasses.loadWholeJars();
    System.out.println(
        "Rendered "
            + statements.size()
            + " statements, read "
            + dags.size()
            + " DAGs, fetched "
            + rows
            + " rows, loaded "
            + classes
            + " classes; "
            + (read > 0
                ? "ran " + read + " listing commands against the database."
                : "reached no database."));
  }

  /** Statements of the shapes the stores run, rendered, not executed. */
  private static List<String> sql(DSLContext dsl) {
    return List.of(
        dsl.selectFrom(DAG).where(DAG.DAG_ID.eq("d")).orderBy(DAG.DAG_ID).getSQL(),
        dsl.insertInto(DAG)
            .set(DAG.DAG_ID, "d")
            .onConflict(DAG.DAG_ID)
            .doUpdate()
            .set(DAG.IS_ACTIVE, true)
            .getSQL(),
        dsl.update(DAG_RUN).set(DAG_RUN.STATE, "running").where(DAG_RUN.ID.eq(1L)).getSQL(),
        dsl.select(TASK_INSTANCE.ID, TASK_INSTANCE.STATE)
            .from(TASK_INSTANCE)
            .join(DAG_RUN)
            .on(DAG_RUN.ID.eq(TASK_INSTANCE.DAG_RUN_ID))
            .where(TASK_INSTANCE.STATE.in("queued", "running"))
            .limit(10)
            .getSQL());
  }
}
