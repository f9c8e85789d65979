package io.updraft.core.config;

/**
 * Task logs: how much of one try's output is stored (16 MiB by default), so a task that prints
 * without end cannot fill the database, the worker's memory or a reader's browser; and where
 * finished tries' logs are shipped ({@link RemoteLogsConfig}).
 */
public record LogsConfig(
    @Doc(
            "Bytes of one try's output stored in its log; past it, one line says where the log was cut, further output is dropped, and the try's end lines written by Updraft are still stored.")
        Long maxBytesPerTry,
    RemoteLogsConfig remote) {
  public static final long DEFAULT_MAX_BYTES_PER_TRY = 16L * 1024 * 1024;

  public LogsConfig {
    maxBytesPerTry = maxBytesPerTry == null ? DEFAULT_MAX_BYTES_PER_TRY : maxBytesPerTry;
    remote = remote == null ? RemoteLogsConfig.off() : remote;
    if (maxBytesPerTry < 1) {
      throw new IllegalArgumentException(
          "logs.max_bytes_per_try must be at least 1 byte, got "
              + maxBytesPerTry
              + "; leave it out for "
              + DEFAULT_MAX_BYTES_PER_TRY);
    }
  }

  public static LogsConfig defaults() {
    return new LogsConfig(null, null);
  }
}
