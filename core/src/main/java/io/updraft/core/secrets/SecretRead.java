package io.updraft.core.secrets;

import java.time.Instant;

/**
 * One audited read: who asked, for which connection or variable, which backend answered (null when
 * none had it) and whether the answer came from the cache. Never the value.
 */
public record SecretRead(
    Requester requester, Kind kind, String id, String backend, boolean cached, Instant at) {
  public enum Kind {
    CONNECTION,
    VARIABLE
  }
}
