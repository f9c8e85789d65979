package io.updraft.hooks.aws;

import io.updraft.core.secrets.BackendSettings;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The section of an AWS secrets backend: {@code secrets.aws} (Secrets Manager) or {@code
 * secrets.ssm} (Parameter Store). Without keys, the SDK's default credentials chain is used; with
 * {@code role_arn}, those credentials only sign STS's AssumeRole.
 *
 * @param backend the backend's name, which is also its section's
 * @param assumeRole null when no {@code role_arn} is set
 */
record AwsSettings(
    String backend,
    String region,
    String endpoint,
    String accessKeyId,
    String secretAccessKey,
    String connectionsPrefix,
    String variablesPrefix,
    String separator,
    Pattern connectionsLookupPattern,
    Pattern variablesLookupPattern,
    AwsAssumeRole assumeRole) {

  /** Keys both AWS backends read. */
  private static final Set<String> COMMON =
      Set.of(
          "region",
          "endpoint",
          "access_key_id",
          "secret_access_key",
          "connections_prefix",
          "variables_prefix",
          "connections_lookup_pattern",
          "variables_lookup_pattern",
          "role_arn",
          "external_id",
          "assume_role_duration_seconds",
          "sts_endpoint");

  static final Set<String> SECRETS_MANAGER_KEYS = with(COMMON, "sep");

  /** Parameter Store's names are paths: the separator is always {@code /}. */
  static final Set<String> PARAMETER_STORE_KEYS = COMMON;

  /** {@code secrets.aws}: secret names {@code updraft/connections/<conn_id>}. */
  static AwsSettings secretsManager(Map<String, String> section) {
    return from("aws", section, SECRETS_MANAGER_KEYS, "updraft/connections", "updraft/variables");
  }

  /** {@code secrets.ssm}: parameter names {@code /updraft/connections/<conn_id>}. */
  static AwsSettings parameterStore(Map<String, String> section) {
    return from("ssm", section, PARAMETER_STORE_KEYS, "/updraft/connections", "/updraft/variables");
  }

  private static AwsSettings from(
      String backend,
      Map<String, String> section,
      Set<String> keys,
      String connectionsPrefix,
      String variablesPrefix) {
    BackendSettings s = new BackendSettings(backend, section, keys);
    if (s.has("access_key_id") != s.has("secret_access_key")) {
      throw new IllegalArgumentException(
          "secrets."
              + backend
              + ".access_key_id and secrets."
              + backend
              + ".secret_access_key go together; set both or neither (then the default AWS"
              + " credentials chain is used)");
    }
    String region = s.optional("region", "us-east-1");
    return new AwsSettings(
        backend,
        region,
        s.optional("endpoint", null),
        s.optional("access_key_id", null),
        s.optional("secret_access_key", null),
        s.optional("connections_prefix", connectionsPrefix),
        s.optional("variables_prefix", variablesPrefix),
        s.optional("sep", "/"),
        pattern(s, backend, "connections_lookup_pattern"),
        pattern(s, backend, "variables_lookup_pattern"),
        AwsAssumeRole.of(backend, s, region));
  }

  /**
   * The backend's client from {@code builder}: in the section's region, at its endpoint if it sets
   * one, signing with {@link #credentials()}.
   */
  <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
    builder
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(region))
        .credentialsProvider(credentials());
    if (endpointUri() != null) {
      builder.endpointOverride(endpointUri());
    }
    return builder.build();
  }

  /**
   * The credentials the backend's client signs with: the role's, renewed before they expire, when
   * {@code role_arn} is set; otherwise the section's keys or the default chain.
   */
  private AwsCredentialsProvider credentials() {
    AwsCredentialsProvider base =
        accessKeyId == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    return assumeRole == null ? base : assumeRole.credentials(base);
  }

  /** The service endpoint override, or null for AWS's own. */
  private URI endpointUri() {
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
  }

  private static Pattern pattern(BackendSettings s, String backend, String key) {
    if (!s.has(key)) {
      return null;
    }
    try {
      return Pattern.compile(s.required(key));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "secrets."
              + backend
              + "."
              + key
              + " is not a valid regular expression: "
              + e.getDescription());
    }
  }

  private static Set<String> with(Set<String> keys, String key) {
    Set<String> all = new HashSet<>(keys);
    all.add(key);
    return Set.copyOf(all);
  }

  @Override
  public String toString() {
    return "AwsSettings[secrets."
        + backend
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", assumeRole="
        + assumeRole
        + "]";
  }
}
