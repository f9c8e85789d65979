package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.BackendSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A role to assume through STS before calling AWS, and who asks for it: an {@code aws} connection
 * (Airflow's extras {@code role_arn}, {@code assume_role_kwargs.ExternalId}, {@code
 * .DurationSeconds}, {@code .RoleSessionName}, and {@code service_config.sts.endpoint_url}) or a
 * secrets backend's section ({@code role_arn}, {@code external_id}, {@code
 * assume_role_duration_seconds}, {@code sts_endpoint}).
 *
 * @param who how errors name the asker: {@code connection 'lake'} or {@code secrets.ssm}
 * @param stsEndpoint null for AWS's regional STS endpoint
 */
record AwsAssumeRole(
    String who,
    String roleArn,
    String externalId,
    Integer durationSeconds,
    String sessionName,
    String region,
    URI stsEndpoint) {

  /** STS's limits: 15 minutes, and 12 hours (the role's maximum session may be lower). */
  static final int MIN_DURATION = 900;

  static final int MAX_DURATION = 43_200;

  /** {@code arn:<partition>:iam::<account>:role/<path/name>}. */
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  /** STS's RoleSessionName: 2 to 64 of {@code [\w+=,.@-]}. */
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  /** The role of an {@code aws} connection, or null when it names none. */
  static AwsAssumeRole of(Connection c, String region) {
    String roleArn = c.extraString("role_arn");
    if (roleArn == null || roleArn.isBlank()) {
      return null;
    }
    String who = "connection '" + c.connId() + "'";
    String method = c.extraString("assume_role_method");
    if (method != null && !method.isBlank() && !method.equals("assume_role")) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' sets assume_role_method '"
              + method
              + "'; only assume_role is supported: remove the extra or set it to assume_role");
    }
    Map<?, ?> kwargs = Map.of();
    Object raw = c.extra().get("assume_role_kwargs");
    if (raw instanceof Map<?, ?> map) {
      kwargs = map;
    } else if (raw != null) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has an extra assume_role_kwargs that is not a JSON object; expected e.g."
              + " {\"ExternalId\": \"...\", \"DurationSeconds\": 3600}");
    }
    String unknown =
        kwargs.keySet().stream()
            .map(String::valueOf)
            .filter(k -> !k.equals("ExternalId") && !k.equals("DurationSeconds"))
            .filter(k -> !k.equals("RoleSessionName"))
            .findFirst()
            .orElse(null);
    if (unknown != null) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has assume_role_kwargs."
              + unknown
              + ", which Updraft does not pass to STS; known: ExternalId, DurationSeconds,"
              + " RoleSessionName");
    }
    String sessionName =
        kwargs.get("RoleSessionName") == null
            ? sessionName("updraft-" + c.connId())
            : String.valueOf(kwargs.get("RoleSessionName"));
    return validated(
        who,
        roleArn.strip(),
        text(kwargs.get("ExternalId")),
        duration(who, "assume_role_kwargs.DurationSeconds", kwargs.get("DurationSeconds")),
        sessionName,
        region,
        endpoint(who, "service_config.sts.endpoint_url", stsEndpoint(c)));
  }

  /** The role of a secrets backend's section, or null when it names none. */
  static AwsAssumeRole of(String backend, BackendSettings s, String region) {
    if (!s.has("role_arn")) {
      return null;
    }
    String who = "secrets." + backend;
    return validated(
        who,
        s.required("role_arn").strip(),
        s.optional("external_id", null),
        duration(
            who,
            "assume_role_duration_seconds",
            s.has("assume_role_duration_seconds")
                ? s.required("assume_role_duration_seconds")
                : null),
        "updraft-secrets-" + backend,
        region,
        endpoint(who, "sts_endpoint", s.optional("sts_endpoint", null)));
  }

  /**
   * Temporary credentials of this role, signed for with {@code base}, renewed before they expire;
   * close them with the client that uses them.
   */
  AssumedRoleCredentials credentials(AwsCredentialsProvider base) {
    return new AssumedRoleCredentials(this, base);
  }

  private static AwsAssumeRole validated(
      String who,
      String roleArn,
      String externalId,
      Integer durationSeconds,
      String sessionName,
      String region,
      URI stsEndpoint) {
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException(
          "The role_arn of "
              + who
              + " is not an IAM role ARN: '"
              + roleArn
              + "'; expected arn:aws:iam::<12-digit account>:role/<name>");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw new IllegalArgumentException(
          "The role session name of "
              + who
              + " must be 2 to 64 letters, digits or any of _+=,.@-, got '"
              + sessionName
              + "'");
    }
    return new AwsAssumeRole(
        who, roleArn, externalId, durationSeconds, sessionName, region, stsEndpoint);
  }

  /** {@code updraft-<conn_id>}, with what STS does not accept replaced and cut to its 64. */
  private static String sessionName(String wanted) {
    String cleaned = wanted.replaceAll("[^\\w+=,.@-]", "-");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
  }

  private static String stsEndpoint(Connection c) {
    if (c.extra().get("service_config") instanceof Map<?, ?> config
        && config.get("sts") instanceof Map<?, ?> sts
        && sts.get("endpoint_url") != null) {
      return String.valueOf(sts.get("endpoint_url"));
    }
    return null;
  }

  private static Integer duration(String who, String key, Object value) {
    if (value == null || String.valueOf(value).isBlank()) {
      return null;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < MIN_DURATION || seconds > MAX_DURATION) {
      throw new IllegalArgumentException(
          key
              + " of "
              + who
              + " must be a number of seconds from "
              + MIN_DURATION
              + " to "
              + MAX_DURATION
              + " (and at most the role's maximum session duration), got '"
              + value
              + "'");
    }
    return seconds;
  }

  private static URI endpoint(String who, String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.strip());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          key
              + " of "
              + who
              + " must be an http(s) URL such as https://sts.eu-west-1.amazonaws.com");
    }
  }

  private static String text(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
  }

  @Override
  public String toString() {
    // The external id guards against confused deputies; keep it out of logs.
    return "AwsAssumeRole[" + who + ", roleArn=" + roleArn + "]";
  }
}
