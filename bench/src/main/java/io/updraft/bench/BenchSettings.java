package io.updraft.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the benchmark runs, from the same variables as Updraft's own configuration: {@code
 * UPDRAFT_DATABASE__URL} (a JDBC URL of a database it may empty; default {@code updraft_bench} on
 * the local server), {@code UPDRAFT_DATABASE__USER}, {@code UPDRAFT_DATABASE__PASSWORD}, {@code
 * UPDRAFT_REDIS__URL} and {@code UPDRAFT_REDIS__NAMESPACE} (default {@code updraft-bench}, whose
 * keys it deletes). The peers use other databases of the same servers.
 */
record BenchSettings(
    String jdbcUrl, String user, String password, String redisUrl, String namespace) {
  static BenchSettings from(Map<String, String> env) {
    return new BenchSettings(
        env.getOrDefault("UPDRAFT_DATABASE__URL", "jdbc:postgresql://127.0.0.1:5432/updraft_bench"),
        env.getOrDefault("UPDRAFT_DATABASE__USER", "postgres"),
        env.get("UPDRAFT_DATABASE__PASSWORD"),
        env.getOrDefault("UPDRAFT_REDIS__URL", "redis://127.0.0.1:6379"),
        env.getOrDefault("UPDRAFT_REDIS__NAMESPACE", "updraft-bench"));
  }

  /** The variables a child process needs: Updraft's own names, so the CLI reads them too. */
  Map<String, String> asEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("UPDRAFT_DATABASE__URL", jdbcUrl);
    env.put("UPDRAFT_DATABASE__USER", user);
    if (password != null) {
      env.put("UPDRAFT_DATABASE__PASSWORD", password);
    }
    env.put("UPDRAFT_REDIS__URL", redisUrl);
    env.put("UPDRAFT_REDIS__NAMESPACE", namespace);
    return env;
  }

  /**
   * The same settings, with PostgreSQL connections that name their process {@code applicationName}
   * (pg_stat_activity's application_name): how {@link CpuUse} finds its backends.
   */
  BenchSettings naming(String applicationName) {
    String separator = jdbcUrl.contains("?") ? "&" : "?";
    return new BenchSettings(
        jdbcUrl + separator + "ApplicationName=" + applicationName,
        user,
        password,
        redisUrl,
        namespace);
  }

  /** The benchmark database's name, from the JDBC URL's path. */
  String databaseName() {
    return URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
  }

  /** The same server and parameters, another database. */
  String jdbcUrlOf(String database) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + query;
  }

  /** The same Redis server, another logical database (the peers' keys stay apart from ours). */
  String redisUrlOf(int database) {
    URI uri = URI.create(redisUrl);
    return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database;
  }
}
