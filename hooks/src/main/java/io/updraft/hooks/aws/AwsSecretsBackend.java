package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What both AWS secrets backends do alike: a connection id or variable key becomes a name below its
 * kind's prefix, an empty prefix turns the kind off, and a lookup pattern skips the call for ids
 * that cannot be there. Each backend says how an id becomes its service's name and how that name is
 * read.
 */
abstract sealed class AwsSecretsBackend implements SecretsBackend
    permits AwsSecretsManagerBackend, AwsParameterStoreBackend {
  final AwsSettings settings;

  AwsSecretsBackend(AwsSettings settings) {
    this.settings = settings;
  }

  @Override
  public final String name() {
    return settings.backend();
  }

  @Override
  public final Optional<Connection> connection(String connId) {
    if (skip(settings.connectionsPrefix(), settings.connectionsLookupPattern(), connId)) {
      return Optional.empty();
    }
    String name = nameOf("Connection id", settings.connectionsPrefix(), connId);
    return fetch(name)
        .map(value -> AwsConnectionValues.toConnection(connId, value, describe(name)));
  }

  @Override
  public final Optional<String> variable(String key) {
    if (skip(settings.variablesPrefix(), settings.variablesLookupPattern(), key)) {
      return Optional.empty();
    }
    return fetch(nameOf("Variable key", settings.variablesPrefix(), key));
  }

  /** The service's name for {@code id} below {@code prefix}, refusing an id that would leave it. */
  abstract String nameOf(String what, String prefix, String id);

  /** How an error about a value names where it came from. */
  abstract String describe(String name);

  /** The stored value, or empty when the service has nothing by that name. */
  abstract Optional<String> fetch(String name);

  /**
   * Anchored at the id's start, as Airflow's {@code re.match}: a pattern {@code aws_} written for
   * Airflow must not also send {@code my_aws_db} to the service.
   */
  private static boolean skip(String prefix, Pattern pattern, String id) {
    return prefix.isEmpty() || (pattern != null && !pattern.matcher(id).lookingAt());
  }
}
