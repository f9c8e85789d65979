package io.updraft.core.hook;

/** No source knows a conn id. */
public final class ConnectionNotFoundException extends RuntimeException {
  public ConnectionNotFoundException(String connId, String searched) {
    super(
        "Connection '"
            + connId
            + "' was not found in "
            + searched
            + "; define it (e.g. UPDRAFT_CONN_"
            + connId.toUpperCase(java.util.Locale.ROOT)
            + "=postgres://user:pass@host:5432/db) or fix the conn id");
  }
}
