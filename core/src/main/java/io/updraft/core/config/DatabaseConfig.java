package io.updraft.core.config;

/**
 * The PostgreSQL metastore. A null url means "not configured": {@code standalone} then starts an
 * embedded server.
 */
public record DatabaseConfig(String url, String user, String password, Integer poolSize) {
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
    return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
