package io.updraft.core.config;

/**
 * The PostgreSQL metastore. A null url means "not configured": {@code standalone} then starts an
 * embedded server.
 */
public record DatabaseConfig(
    @Doc(
            "JDBC URL of the PostgreSQL metastore. Unset: `standalone` starts an embedded PostgreSQL; other commands use the running standalone.")
        String url,
    @Doc("Database user.") String user,
    @Doc("Database password (never logged).") String password,
    @Doc("Connections in this process's pool (HikariCP).") Integer poolSize) {
  public DatabaseConfig {
    poolSize = poolSize == null ? 10 : poolSize;
  }

  public static DatabaseConfig defaults() {
    return new DatabaseConfig(null, null, null, null);
  }

  public boolean isConfigured() {
    return url != null && !url.isBlank();
  }

  public DatabaseConfig withUrl(String newUrl, String newUser) {
    return new DatabaseConfig(newUrl, newUser, password, poolSize);
  }

  @Override
  public String toString() {
    // The password never reaches a log line.
    return "DatabaseConfig[url="
        + JdbcUrls.redact(url)
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + "]";
  }
}
