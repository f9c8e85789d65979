package io.updraft.hooks.ssh;

import java.util.Locale;

/**
 * What an SSH connection does with a server's host key (OpenSSH's {@code StrictHostKeyChecking}).
 * {@link #STRICT} is the default: a key that is not in the connection's {@code known_hosts} is
 * refused, so a machine that took over the host's name or address cannot collect the password.
 */
public enum HostKeyPolicy {
  /** The host's key must be in the connection's known hosts. */
  STRICT,
  /** A host not in the known hosts is accepted (with a warning); a listed host's key must match. */
  ACCEPT_NEW,
  /** Any key is accepted (with a warning): for throwaway test machines only. */
  NO_CHECK;

  /**
   * The policy a connection's extras ask for: {@code host_key_policy} ({@code strict}, {@code
   * accept-new}, {@code no-check}), or Airflow's {@code no_host_key_check: true}.
   */
  static HostKeyPolicy of(String connId, String policy, String airflowNoCheck) {
    if (policy == null || policy.isBlank()) {
      return "true".equalsIgnoreCase(airflowNoCheck == null ? "" : airflowNoCheck.strip())
          ? NO_CHECK
          : STRICT;
    }
    return switch (policy.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "strict" -> STRICT;
      case "accept-new" -> ACCEPT_NEW;
      case "no-check" -> NO_CHECK;
      default ->
          throw new IllegalArgumentException(
              "Connection '"
                  + connId
                  + "': extra host_key_policy must be strict, accept-new or no-check, got '"
                  + policy
                  + "'");
    };
  }
}
