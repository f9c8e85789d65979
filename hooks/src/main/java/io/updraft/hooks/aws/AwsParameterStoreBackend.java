package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Connections and variables in AWS Systems Manager Parameter Store, as Airflow's
 * SystemsManagerParameterStoreBackend: parameters named {@code <prefix>/<id>} (by default {@code
 * /updraft/connections/<conn_id>} and {@code /updraft/variables/<key>}), read with decryption so
 * that SecureString parameters work. A connection's value is a URI or a JSON object, as in Secrets
 * Manager. An empty prefix turns that kind off; a lookup pattern, when set, skips the call for ids
 * that cannot be there.
 */
public final class AwsParameterStoreBackend implements SecretsBackend {
  private final SsmClient client;
  private final AwsSettings settings;

  AwsParameterStoreBackend(SsmClient client, AwsSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "ssm";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (skip(settings.connectionsPrefix(), settings.connectionsLookupPattern(), connId)) {
      return Optional.empty();
    }
    String name = parameterName(settings.connectionsPrefix(), connId);
    return fetch(name)
        .map(value -> AwsConnectionValues.toConnection(connId, value, "SSM parameter " + name));
  }

  @Override
  public Optional<String> variable(String key) {
    if (skip(settings.variablesPrefix(), settings.variablesLookupPattern(), key)) {
      return Optional.empty();
    }
    return fetch(parameterName(settings.variablesPrefix(), key));
  }

  private static boolean skip(String prefix, Pattern pattern, String id) {
    return prefix.isEmpty() || (pattern != null && !pattern.matcher(id).find());
  }

  private static String parameterName(String prefix, String id) {
    return prefix.endsWith("/") ? prefix + id : prefix + "/" + id;
  }

  private Optional<String> fetch(String name) {
    try {
      return Optional.ofNullable(
          client.getParameter(r -> r.name(name).withDecryption(true)).parameter().value());
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    } catch (SsmException e) {
      throw failed(name, e);
    }
  }

  private static IllegalStateException failed(String name, SsmException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    // AWS's message names the parameter or the caller's ARN at most, never a value or a key.
    return new IllegalStateException(
        "SSM Parameter Store did not return parameter "
            + name
            + " to secrets.ssm ("
            + e.statusCode()
            + (code == null ? "" : " " + code)
            + ": "
            + message
            + ")"
            + (code != null && code.startsWith("AccessDenied")
                ? ". Grant ssm:GetParameter on the parameter (and kms:Decrypt on its key for a"
                    + " SecureString) to the backend's credentials"
                : ""),
        e);
  }
}
