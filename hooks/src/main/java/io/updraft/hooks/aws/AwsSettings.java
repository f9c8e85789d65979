package io.updraft.hooks.aws;

import io.updraft.core.secrets.BackendSettings;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code secrets.aws} section. Without keys, the SDK's default credentials chain is used. */
record AwsSettings(
    String region,
    String endpoint,
    String accessKeyId,
    String secretAccessKey,
    String connectionsPrefix,
    String variablesPrefix,
    String separator,
    Pattern connectionsLookupPattern,
    Pattern variablesLookupPattern) {

  static final Set<String> KEYS =
      Set.of(
          "region",
          "endpoint",
          "access_key_id",
          "secret_access_key",
          "connections_prefix",
          "variables_prefix",
          "sep",
          "connections_lookup_pattern",
          "variables_lookup_pattern");

  static AwsSettings from(Map<String, String> section) {
    BackendSettings s = new BackendSettings("aws", section, KEYS);
    if (s.has("access_key_id") != s.has("secret_access_key")) {
      throw new IllegalArgumentException(
          "secrets.aws.access_key_id and secrets.aws.secret_access_key go together; set both or"
              + " neither (then the default AWS credentials chain is used)");
    }
    return new AwsSettings(
        s.optional("region", "us-east-1"),
        s.optional("endpoint", null),
        s.optional("access_key_id", null),
        s.optional("secret_access_key", null),
        s.optional("connections_prefix", "updraft/connections"),
        s.optional("variables_prefix", "updraft/variables"),
        s.optional("sep", "/"),
        pattern(s, "connections_lookup_pattern"),
        pattern(s, "variables_lookup_pattern"));
  }

  private static Pattern pattern(BackendSettings s, String key) {
    if (!s.has(key)) {
      return null;
    }
    try {
      return Pattern.compile(s.required(key));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "secrets.aws." + key + " is not a valid regular expression: " + e.getDescription());
    }
  }

  @Override
  public String toString() {
    return "AwsSettings[region=" + region + ", endpoint=" + endpoint + "]";
  }
}
