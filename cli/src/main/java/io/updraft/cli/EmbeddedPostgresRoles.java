package io.updraft.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Makes the embedded PostgreSQL's users what the credentials file says: the superuser with its
 * password, and the {@code updraft} role (no superuser) owning the {@code updraft} database. A home
 * from before, whose data lives in the {@code postgres} database owned by the superuser, has that
 * database renamed and everything in it handed to {@code updraft}: the data stays.
 */
final class EmbeddedPostgresRoles {
  private EmbeddedPostgresRoles() {}

  /** Gives the superuser its password over the migration's trust rule, then requires passwords. */
  static void setSuperuserPassword(int port, String source, StandaloneCredentials c, Path data)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", StandaloneCredentials.SUPERUSER);
    props.setProperty("localSocketAddress", source);
    try (Connection conn = DriverManager.getConnection(url(port, "postgres"), props);
        Statement st = conn.createStatement()) {
      st.execute("SET password_encryption = 'scram-sha-256'");
      st.execute(
          "ALTER ROLE "
              + StandaloneCredentials.SUPERUSER
              + " PASSWORD "
              + literal(c.superuserPassword()));
      EmbeddedPostgresAuth.writePasswordOnly(data);
      st.execute("SELECT pg_reload_conf()");
    }
  }

  /** Creates or updates the updraft role and database; idempotent, so it runs at every start. */
  static void ensureUpdraftDatabase(int port, StandaloneCredentials c) throws SQLException {
    String role = StandaloneCredentials.DATABASE_USER;
    String database = StandaloneCredentials.DATABASE;
    try (Connection conn = superuser(port, "template1", c);
        Statement st = conn.createStatement()) {
      st.execute("SET password_encryption = 'scram-sha-256'");
      boolean roleExists = exists(st, "SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'");
      st.execute(
          (roleExists ? "ALTER ROLE " : "CREATE ROLE ")
              + role
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
              + literal(c.databasePassword()));
      if (!exists(st, "SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (holdsEarlierData(port, c)) {
          st.execute("ALTER DATABASE postgres RENAME TO " + database);
          st.execute("CREATE DATABASE postgres");
        } else {
          st.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
      }
      st.execute("ALTER DATABASE " + database + " OWNER TO " + role);
    }
    // At every start, not only after the rename: a start cut short in between is completed.
    handOver(port, c);
  }

  /** True when the postgres database holds the schema of an Updraft from before roles. */
  private static boolean holdsEarlierData(int port, StandaloneCredentials c) throws SQLException {
    try (Connection conn = superuser(port, "postgres", c);
        Statement st = conn.createStatement()) {
      return exists(st, "SELECT 1 FROM pg_tables WHERE tablename = 'flyway_schema_history'");
    }
  }

  /** Every table, view, sequence, function and schema the superuser made, to the updraft role. */
  private static void handOver(int port, StandaloneCredentials c) throws SQLException {
    String to = " OWNER TO " + StandaloneCredentials.DATABASE_USER;
    try (Connection conn = superuser(port, StandaloneCredentials.DATABASE, c);
        Statement st = conn.createStatement()) {
      List<String> changes = new ArrayList<>();
      String ownedBySuperuser =
          " pg_get_userbyid(%s) = '"
              + StandaloneCredentials.SUPERUSER
              + "'"
              + " AND %s NOT IN ('pg_catalog', 'information_schema') AND %s NOT LIKE 'pg_toast%%'";
      collect(
          st,
          "SELECT 'ALTER SCHEMA ' || quote_ident(nspname) FROM pg_namespace WHERE"
              + ownedBySuperuser.formatted("nspowner", "nspname", "nspname"),
          changes);
      // Sequences owned by a column follow their table; changing them alone is refused.
      collect(
          st,
          "SELECT CASE c.relkind WHEN 'S' THEN 'ALTER SEQUENCE ' WHEN 'v' THEN 'ALTER VIEW '"
              + " WHEN 'm' THEN 'ALTER MATERIALIZED VIEW ' ELSE 'ALTER TABLE ' END"
              + " || quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND"
              + ownedBySuperuser.formatted("c.relowner", "n.nspname", "n.nspname")
              + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid"
              + " AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))",
          changes);
      collect(
          st,
          "SELECT 'ALTER ROUTINE ' || p.oid::regprocedure FROM pg_proc p"
              + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE"
              + ownedBySuperuser.formatted("p.proowner", "n.nspname", "n.nspname"),
          changes);
      for (String change : changes) {
        st.execute(change + to);
      }
    }
  }

  private static void collect(Statement st, String query, List<String> into) throws SQLException {
    try (var rs = st.executeQuery(query)) {
      while (rs.next()) {
        into.add(rs.getString(1));
      }
    }
  }

  private static boolean exists(Statement st, String query) throws SQLException {
    try (var rs = st.executeQuery(query)) {
      return rs.next();
    }
  }

  private static Connection superuser(int port, String database, StandaloneCredentials c)
      throws SQLException {
    return DriverManager.getConnection(
        url(port, database), StandaloneCredentials.SUPERUSER, c.superuserPassword());
  }

  static String url(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The passwords are URL-safe base64, but quoting stays correct whatever they hold. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
