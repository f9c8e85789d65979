package io.updraft.sql;

import io.updraft.testing.PostgresExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database and the stores over it, for the tests of one class. Registered with
 * {@code @RegisterExtension} on a static field it is opened before the class's first test and
 * closed after its last; on an instance field, opened and closed around each test. The rows tests
 * leave in the JVM's shared database are truncated by {@link PostgresExtension}, which the class
 * still extends with.
 */
final class MigratedDatabase
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final boolean ofItsOwn;
  private final String target;
  private final Map<Class<?>, Object> stores = new HashMap<>();
  private boolean perClass;
  private Database database;
  private int applied;

  private MigratedDatabase(boolean ofItsOwn, String target) {
    this.ofItsOwn = ofItsOwn;
    this.target = target;
  }

  /** The JVM's shared test database, migrated (a no-op after the first test class). */
  static MigratedDatabase shared() {
    return new MigratedDatabase(false, null);
  }

  /**
   * A fresh database of its own, migrated from scratch: for tests of the migrations themselves,
   * whose seed rows the truncation of the shared one would remove.
   */
  static MigratedDatabase ofItsOwn() {
    return new MigratedDatabase(true, null);
  }

  /** A fresh database of its own, migrated up to {@code version} only (as in "41"). */
  static MigratedDatabase ofItsOwnUpTo(String version) {
    return new MigratedDatabase(true, version);
  }

  /** A fresh database of its own migrated up to {@code version} only; the caller closes it. */
  static Database upTo(String version) {
    Database database = Fixtures.connect(PostgresExtension.newDatabase());
    Flyway.configure()
        .dataSource(database.dataSource())
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
    return database;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      open();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  private void open() {
    if (target != null) {
      database = upTo(target);
    } else if (ofItsOwn) {
      database = Fixtures.connect(PostgresExtension.newDatabase());
      applied = database.migrate();
    } else {
      database = Fixtures.connect(PostgresExtension.database());
      database.migrate();
    }
  }

  private void close() {
    stores.clear();
    database.close();
  }

  Database database() {
    return database;
  }

  /** How many migrations opening this database applied (of its own and migrated from scratch). */
  int applied() {
    return applied;
  }

  PostgresRunStore runs() {
    return store(PostgresRunStore.class, d -> new PostgresRunStore(d, Fixtures.CLOCK));
  }

  PostgresDagStore dags() {
    return store(PostgresDagStore.class, PostgresDagStore::new);
  }

  PostgresTaskLogStore logs() {
    return store(PostgresTaskLogStore.class, PostgresTaskLogStore::new);
  }

  PostgresXComStore xcoms() {
    return store(PostgresXComStore.class, PostgresXComStore::new);
  }

  PostgresAssetStore assets() {
    return store(PostgresAssetStore.class, PostgresAssetStore::new);
  }

  PostgresRunAdmin admin() {
    return store(PostgresRunAdmin.class, PostgresRunAdmin::new);
  }

  PostgresImportErrorStore importErrors() {
    return store(PostgresImportErrorStore.class, PostgresImportErrorStore::new);
  }

  PostgresShippedLogs shippedLogs() {
    return store(PostgresShippedLogs.class, PostgresShippedLogs::new);
  }

  PostgresRetention retention() {
    return store(PostgresRetention.class, PostgresRetention::new);
  }

  // One store of each kind per database, as the classes built them once in their set-up.
  private <T> T store(Class<T> kind, Function<Database, T> create) {
    return kind.cast(stores.computeIfAbsent(kind, k -> create.apply(database)));
  }
}
