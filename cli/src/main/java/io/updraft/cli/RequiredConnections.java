package io.updraft.cli;

import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import java.util.ArrayList;
import java.util.List;

/** Checks that connections a deployment relies on resolve, so a process fails fast at start. */
final class RequiredConnections {
  private RequiredConnections() {}

  /** One line per connection that does not resolve; empty when all do. */
  static List<String> check(SecretsChain chain, List<String> connIds, Requester requester) {
    List<String> problems = new ArrayList<>();
    for (String connId : connIds) {
      try {
        chain.connection(connId, requester);
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }
}
