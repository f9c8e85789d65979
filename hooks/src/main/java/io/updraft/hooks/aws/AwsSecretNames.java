package io.updraft.hooks.aws;

import io.updraft.core.secrets.SecretIds;
import java.util.regex.Pattern;

/**
 * The names a connection id or variable key becomes in Secrets Manager and Parameter Store. Both
 * services also accept a full ARN where a name is expected, and Parameter Store names are paths: an
 * id must stay a name below the configured prefix, never an ARN of another secret or a parameter
 * outside the prefix. On top of {@link SecretIds}' rule, only the characters the service allows in
 * a name are let through, so a refused id makes no call.
 */
final class AwsSecretNames {
  // Secrets Manager: "alphanumeric characters and /_+=.@-" (CreateSecret's Name).
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  // Parameter Store: "a-zA-Z0-9_.-" and '/' between hierarchy levels (PutParameter's Name).
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,1011}");

  private AwsSecretNames() {}

  /** {@code <prefix><sep><id>}, a secret name that cannot be read as an ARN. */
  static String secretId(String what, String prefix, String separator, String id) {
    SecretIds.check(what, id);
    String name = prefix + separator + id;
    if (!SECRET_NAME.matcher(name).matches() || name.startsWith("arn:")) {
      throw refused(
          what,
          id,
          "Secrets Manager",
          "secret name '"
              + prefix
              + separator
              + "<id>' must be up to 512 letters, digits or '/_+=.@-' and not an ARN");
    }
    return name;
  }

  /** {@code <prefix>/<id>}, a parameter below the prefix. */
  static String parameterName(String what, String prefix, String id) {
    SecretIds.check(what, id);
    String parent = prefix.endsWith("/") ? prefix : prefix + "/";
    String name = parent + id;
    if (!PARAMETER_NAME.matcher(name).matches()) {
      throw refused(
          what,
          id,
          "SSM Parameter Store",
          "parameter '" + parent + "<id>' must be up to 1011 letters, digits or '_.-/'");
    }
    return name;
  }

  private static IllegalArgumentException refused(
      String what, String id, String service, String rule) {
    return new IllegalArgumentException(
        what
            + " '"
            + id
            + "' cannot be looked up in "
            + service
            + ": "
            + rule
            + ". Keep such ids in another backend or rename them.");
  }
}
