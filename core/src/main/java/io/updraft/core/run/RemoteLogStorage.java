package io.updraft.core.run;

import java.io.IOException;
import java.util.List;

/**
 * Where finished tries' logs are shipped (Airflow's remote logging), e.g. S3: written once when a
 * try ends, read back by the log reader when PostgreSQL no longer holds them.
 */
public interface RemoteLogStorage {
  /** The location the try's log is written to, e.g. {@code s3://bucket/prefix/.../1.log}. */
  String locationOf(TryLogId id);

  /** Writes the whole log of a try to {@code location}, replacing what is there. */
  void write(String location, List<String> lines) throws IOException;

  /** Reads back the lines written to {@code location}. */
  List<String> read(String location) throws IOException;
}
