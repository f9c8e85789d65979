package io.updraft.core.config;

/**
 * Remote task logs (Airflow's remote logging): where a finished try's log goes, so PostgreSQL keeps
 * only running tries' lines. Off unless both are set.
 */
public record RemoteLogsConfig(
    @Doc(
            "Conn id of an `aws` connection (the S3 hook's) that ships finished tries' logs; with `logs.remote.base` it turns remote logs on. Off by default.")
        String connectionId,
    @Doc(
            "Where shipped logs go, `s3://bucket/prefix`: each try's log becomes `<base>/<dag_id>/<run_id>/<task_id>/<map_index>/<try>.log`, each id percent-encoded.")
        String base) {
  public RemoteLogsConfig {
    boolean hasConn = connectionId != null && !connectionId.isBlank();
    boolean hasBase = base != null && !base.isBlank();
    if (hasConn != hasBase) {
      throw new IllegalArgumentException(
          "logs.remote needs both connection_id and base, got only "
              + (hasConn ? "connection_id" : "base")
              + "; set both (e.g. connection_id: logs_s3, base: s3://my-bucket/updraft-logs) or"
              + " neither");
    }
    if (hasBase && !base.strip().startsWith("s3://")) {
      throw new IllegalArgumentException(
          "logs.remote.base must be an S3 location such as s3://my-bucket/updraft-logs, got '"
              + base
              + "'");
    }
  }

  public static RemoteLogsConfig off() {
    return new RemoteLogsConfig(null, null);
  }

  public boolean isOn() {
    return connectionId != null && !connectionId.isBlank();
  }
}
