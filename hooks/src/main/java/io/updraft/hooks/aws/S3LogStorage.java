package io.updraft.hooks.aws;

import io.updraft.core.hook.Hooks;
import io.updraft.core.run.RemoteLogStorage;
import io.updraft.core.run.TryLogId;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Shipped task logs in S3 ({@code logs.remote}), through the {@link S3Hook} of an {@code aws}
 * connection: each try's log is one text object, its lines joined by {@code \n}, at {@code
 * <base>/<dag_id>/<run_id>/<task_id>/<map_index>/<try>.log} ({@link TryLogId#relativePath()}).
 */
public final class S3LogStorage implements RemoteLogStorage {
  private final Hooks hooks;
  private final String connId;
  private final String bucket;
  private final String prefix;

  /**
   * @param base {@code s3://bucket} or {@code s3://bucket/prefix}
   */
  public S3LogStorage(Hooks hooks, String connId, String base) {
    this.hooks = hooks;
    this.connId = connId;
    Location at = Location.parse(base.strip().replaceAll("/+$", "") + "/");
    this.bucket = at.bucket();
    this.prefix = at.key();
  }

  @Override
  public String locationOf(TryLogId id) {
    return "s3://" + bucket + "/" + prefix + id.relativePath();
  }

  @Override
  public void write(String location, List<String> lines) throws IOException {
    Location at = inBase(location);
    try (S3Hook s3 = hooks.open(connId, S3Hook.class)) {
      s3.putString(at.bucket(), at.key(), String.join("\n", lines));
    } catch (RuntimeException e) {
      throw failed("write", location, e);
    }
  }

  @Override
  public List<String> read(String location) throws IOException {
    Location at = Location.parse(location);
    try (S3Hook s3 = hooks.open(connId, S3Hook.class)) {
      // limit -1 keeps trailing empty lines, as PostgreSQL's reader does.
      return Arrays.asList(s3.readString(at.bucket(), at.key()).split("\n", -1));
    } catch (RuntimeException e) {
      throw failed("read", location, e);
    }
  }

  /** Writes only under the configured base, whatever an id held. */
  private Location inBase(String location) {
    Location at = Location.parse(location);
    if (!at.bucket().equals(bucket)
        || !at.key().startsWith(prefix)
        || Arrays.asList(at.key().split("/")).contains("..")) {
      throw new IllegalArgumentException(
          "Log location "
              + location
              + " is outside logs.remote.base s3://"
              + bucket
              + "/"
              + prefix);
    }
    return at;
  }

  private IOException failed(String what, String location, RuntimeException e) {
    // The SDK's message names the bucket, key and S3's error code; it never holds the keys.
    return new IOException(
        "Cannot "
            + what
            + " task log "
            + location
            + " through connection '"
            + connId
            + "': "
            + e.getMessage(),
        e);
  }

  private record Location(String bucket, String key) {
    static Location parse(String location) {
      if (!location.startsWith("s3://") || location.length() <= 5) {
        throw new IllegalArgumentException(
            "Expected an S3 location such as s3://my-bucket/updraft-logs, got '" + location + "'");
      }
      String rest = location.substring(5);
      int slash = rest.indexOf('/');
      return slash < 0
          ? new Location(rest, "")
          : new Location(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }
}
