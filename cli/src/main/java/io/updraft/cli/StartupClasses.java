package io.updraft.cli;

import static io.updraft.sql.jooq.Tables.CONNECTION;
import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.VARIABLE;

import io.updraft.sql.jooq.tables.records.DagRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jooq.DSLContext;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockExecuteContext;
import org.jooq.tools.jdbc.MockResult;

/**
 * What the start-up training loads besides running code without a server: every class of the jars a
 * command's connection goes through (the PostgreSQL driver with its password exchange, the pool,
 * the stores), and jOOQ's fetching of rows, run against a mock connection. A command that reaches
 * the database then loads its classes from the cache instead of reading and verifying them from
 * those jars.
 */
final class StartupClasses {
  private StartupClasses() {}

  /** A class of each jar whose classes are all loaded. */
  private static final List<String> WHOLE_JARS =
      List.of(
          "org.postgresql.Driver",
          "com.zaxxer.hikari.HikariDataSource",
          "io.updraft.sql.Database",
          "io.updraft.core.config.UpdraftConfig",
          "io.updraft.cli.Main",
          "com.macasaet.fernet.Key",
          "picocli.CommandLine");

  /**
   * Classes a command's reads load that the mock fetching does not reach (binding parameters, wide
   * rows, the connection's cleaner). A class missing from the cache is looked for jar by jar along
   * the class path, opening each jar before its own.
   */
  private static final List<String> READ_CLASSES =
      List.of(
          "org.postgresql.util.LazyCleanerImpl$CleanableWrapper",
          "org.jooq.impl.DataSourceConnectionProvider",
          "org.jooq.impl.RecordImpl10",
          "org.jooq.impl.DelayedArrayCollector",
          "org.jooq.impl.AbstractRecord$TransferRecordState",
          "org.jooq.impl.DefaultBindContext",
          "org.jooq.impl.DefaultBindingSetStatementContext",
          "org.jooq.impl.ResourceManagingScopeTrait");

  /**
   * Loads (without initialising) {@link #READ_CLASSES} and the classes of {@link #WHOLE_JARS};
   * returns how many.
   */
  static int loadWholeJars() {
    ClassLoader loader = StartupClasses.class.getClassLoader();
    int loaded = 0;
    for (String name : READ_CLASSES) {
      loaded += load(name, loader);
    }
    for (String marker : WHOLE_JARS) {
      Path jar = jarOf(marker, loader);
      if (jar == null) {
        continue;
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.contains("-")) {
            loaded += load(name.substring(0, name.length() - 6).replace('/', '.'), loader);
          }
        }
      } catch (IOException e) {
        // An unreadable jar: its classes are loaded from it when used, as without a cache.
      }
    }
    return loaded;
  }

  /** Fetches rows of the tables the listing commands read, from a mock connection. */
  static int fetchRows() {
    MockConnection connection = new MockConnection(StartupClasses::rowsFor);
    DSLContext mock;
    try {
      // By reflection: javac, choosing among using(...)'s overloads, would read jOOQ's Settings,
      // whose XML annotations are not on the compile class path (a warning, an error here).
      mock =
          (DSLContext)
              DSL.class
                  .getMethod("using", Connection.class, SQLDialect.class)
                  .invoke(null, connection, SQLDialect.POSTGRES);
    } catch (ReflectiveOperationException e) {
      return 0;
    }
    return mock.selectFrom(DAG).orderBy(DAG.DAG_ID).fetch().size()
        + mock.selectFrom(CONNECTION).fetch().size()
        + mock.selectFrom(VARIABLE).fetch().size();
  }

  /** One DAG row, or no row of a connection or variable. */
  private static MockResult[] rowsFor(MockExecuteContext context) {
    DSLContext dsl = DSL.using(SQLDialect.POSTGRES);
    String sql = context.sql();
    Result<?> rows;
    if (sql.contains("\"connection\"")) {
      rows = dsl.newResult(CONNECTION);
    } else if (sql.contains("\"variable\"")) {
      rows = dsl.newResult(VARIABLE);
    } else {
      Result<DagRecord> dags = dsl.newResult(DAG);
      DagRecord dag = dsl.newRecord(DAG);
      dag.setDagId("d");
      dags.add(dag);
      rows = dags;
    }
    return new MockResult[] {new MockResult(rows.size(), rows)};
  }

  private static int load(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return 1;
    } catch (ClassNotFoundException | LinkageError e) {
      return 0; // a class of an optional dependency that is not on the class path
    }
  }

  private static Path jarOf(String className, ClassLoader loader) {
    try {
      CodeSource source =
          Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
      Path path = source == null ? null : Path.of(source.getLocation().toURI());
      return path != null && path.toString().endsWith(".jar") ? path : null;
    } catch (ClassNotFoundException | LinkageError | URISyntaxException e) {
      return null;
    }
  }
}
