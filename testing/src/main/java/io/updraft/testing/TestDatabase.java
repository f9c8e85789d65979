package io.updraft.testing;

/**
 * How to reach one test database: a JDBC URL without credentials, the user and the password (null
 * when the server trusts the user).
 */
public record TestDatabase(String jdbcUrl, String user, String password) {

  @Override
  public String toString() {
    // Test logs are shared in CI; keep the password out of them.
    return "TestDatabase[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
  }
}
