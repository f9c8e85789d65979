package io.updraft.core.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives a record of every secret read. */
@FunctionalInterface
public interface SecretsAudit {
  void record(SecretRead read);

  /** Writes each read to the {@code updraft.secrets.audit} logger, at INFO. */
  static SecretsAudit log() {
    Logger log = LoggerFactory.getLogger("updraft.secrets.audit");
    return read -> {
      if (log.isInfoEnabled()) {
        log.info(
            "{} {} '{}' read by {} from {}{}",
            read.at(),
            read.kind() == SecretRead.Kind.CONNECTION ? "connection" : "variable",
            read.id(),
            read.requester(),
            read.backend() == null ? "nowhere (not found)" : read.backend(),
            read.cached() ? " (cached)" : "");
      }
    };
  }

  static SecretsAudit none() {
    return read -> {};
  }
}
