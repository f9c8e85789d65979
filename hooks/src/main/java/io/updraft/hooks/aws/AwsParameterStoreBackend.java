package io.updraft.hooks.aws;

import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Connections and variables in AWS Systems Manager Parameter Store, as Airflow's
 * SystemsManagerParameterStoreBackend: parameters named {@code <prefix>/<id>} (by default {@code
 * /updraft/connections/<conn_id>} and {@code /updraft/variables/<key>}), read with decryption so
 * that SecureString parameters work. A connection's value is a URI or a JSON object, as in Secrets
 * Manager. An empty prefix turns that kind off; a lookup pattern, when set, skips the call for ids
 * that cannot be there. An id never becomes an ARN or a parameter outside the prefix ({@link
 * AwsSecretNames}).
 */
public final class AwsParameterStoreBackend extends AwsSecretsBackend {
  private final SsmClient client;

  AwsParameterStoreBackend(SsmClient client, AwsSettings settings) {
    super(settings);
    this.client = client;
  }

  @Override
  String nameOf(String what, String prefix, String id) {
    return AwsSecretNames.parameterName(what, prefix, id);
  }

  @Override
  String describe(String name) {
    return "SSM parameter " + name;
  }

  @Override
  Optional<String> fetch(String name) {
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
