package io.updraft.hooks.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.InvalidConnectionException;
import io.updraft.core.secrets.ConnectionSecrets;
import io.updraft.core.secrets.SecretsBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Connections and variables in AWS Secrets Manager, named {@code <prefix><sep><id>} (by default
 * {@code updraft/connections/<conn_id>} and {@code updraft/variables/<key>}), as Airflow's
 * SecretsManagerBackend. A connection's secret is a URI or a JSON object whose keys may use the
 * usual aliases ({@code user}/{@code username} for login, {@code pass} for password, {@code
 * database} for schema, {@code engine} for conn_type, ...). A lookup pattern, when set, skips the
 * call for ids that cannot be there.
 */
public final class AwsSecretsManagerBackend implements SecretsBackend {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Airflow's accepted spellings of each connection field in a JSON secret. */
  private static final Map<String, List<String>> ALIASES =
      Map.of(
          "password", List.of("password", "pass", "key"),
          "login", List.of("login", "user", "username", "user_name"),
          "host", List.of("host", "remote_host", "server"),
          "port", List.of("port"),
          "schema", List.of("schema", "database"),
          "conn_type", List.of("conn_type", "connection_type", "engine"),
          "extra", List.of("extra"),
          "description", List.of("description"));

  private final SecretsManagerClient client;
  private final AwsSettings settings;

  AwsSecretsManagerBackend(SecretsManagerClient client, AwsSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (skip(settings.connectionsPrefix(), settings.connectionsLookupPattern(), connId)) {
      return Optional.empty();
    }
    String secretId = secretId(settings.connectionsPrefix(), connId);
    return fetch(secretId).map(value -> toConnection(connId, value, secretId));
  }

  @Override
  public Optional<String> variable(String key) {
    if (skip(settings.variablesPrefix(), settings.variablesLookupPattern(), key)) {
      return Optional.empty();
    }
    return fetch(secretId(settings.variablesPrefix(), key));
  }

  private static boolean skip(String prefix, Pattern pattern, String id) {
    return prefix.isEmpty() || (pattern != null && !pattern.matcher(id).find());
  }

  private String secretId(String prefix, String id) {
    return prefix + settings.separator() + id;
  }

  private Optional<String> fetch(String secretId) {
    try {
      GetSecretValueResponse response = client.getSecretValue(r -> r.secretId(secretId));
      return Optional.ofNullable(response.secretString());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  static Connection toConnection(String connId, String value, String secretId) {
    String where = "AWS secret " + secretId;
    String trimmed = value.strip();
    if (!trimmed.startsWith("{")) {
      return Connection.parse(connId, trimmed, where);
    }
    Map<String, Object> raw;
    try {
      raw = JSON.readValue(trimmed, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new InvalidConnectionException(
          "Connection '"
              + connId
              + "' from "
              + where
              + " is not a valid JSON object (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    return ConnectionSecrets.fromFields(connId, standardize(raw), where);
  }

  /**
   * Renames aliased keys to the model's and, as Airflow, drops the rest: secrets made by other
   * tools (RDS adds dbInstanceIdentifier, ...) still read as connections.
   */
  private static Map<String, Object> standardize(Map<String, Object> raw) {
    Map<String, Object> fields = new LinkedHashMap<>();
    raw.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(Locale.ROOT);
          String field =
              ALIASES.entrySet().stream()
                  .filter(e -> e.getValue().contains(lower))
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElse(lower.equals("conn_uri") ? "conn_uri" : null);
          if (field != null) {
            fields.putIfAbsent(field, value);
          }
        });
    return fields;
  }
}
