package io.updraft.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where connections and variables are looked up, in which order, and for how long results are
 * cached.
 *
 * @param order backend names, first hit wins; by default the configured external backends, then
 *     {@code env}, then {@code metastore}. {@code UPDRAFT_SECRETS__ORDER=vault,env,metastore}
 *     works: commas split entries.
 * @param cacheTtlSeconds how long a found connection or variable is reused; 0 turns caching off
 * @param fernetKey the metastore's Fernet keys, comma-separated: the first encrypts, all decrypt
 * @param requiredConnections conn ids that must resolve: checked by {@code connections check} and
 *     by the worker when it starts
 * @param vault settings of the {@code vault} backend (url, auth_type, token, ...)
 * @param aws settings of the {@code aws} backend (region, prefix, ...)
 * @param gcp settings of the {@code gcp} backend (project, prefix, ...)
 * @param ssm settings of the {@code ssm} backend (region, prefix, ...)
 */
public record SecretsConfig(
    @Doc(
            "Secrets backends in lookup order, first hit wins: names among `vault`, `aws`, `ssm`, `gcp`, `file`, `env`, `metastore`. Default: the configured external backends, then `env`, then `metastore`.")
        List<String> order,
    @Doc("How long a found connection or variable is reused; 0 turns caching off.")
        Integer cacheTtlSeconds,
    FileSecretsConfig file,
    @Doc(
            "Fernet keys of the metastore, comma-separated: the first encrypts, all decrypt (`updraft fernet generate`). Never logged.")
        String fernetKey,
    @Doc(
            "Conn ids that must resolve: checked by `updraft connections check` and by each worker at start-up.")
        List<String> requiredConnections,
    @Doc(
            "The `vault` backend (HashiCorp Vault KV): `url`; `auth_type` (`token`, `approle`, `kubernetes`, `jwt`; without it `role_id` means approle, else `token`) with `token`, `role_id`/`secret_id`, `kubernetes_role`/`kubernetes_jwt_path` or `jwt_role`/`jwt_path`; `auth_mount`; `mount_point`, `kv_engine_version`, `connections_path`, `variables_path`, `namespace`, `timeout_seconds`.")
        Map<String, String> vault,
    @Doc(
            "The `aws` backend (AWS Secrets Manager): `region`, `connections_prefix`, `variables_prefix`, `sep`, `connections_lookup_pattern`, `variables_lookup_pattern`, `endpoint`, `access_key_id`/`secret_access_key`, and to assume a role `role_arn`, `external_id`, `assume_role_duration_seconds`, `sts_endpoint`.")
        Map<String, String> aws,
    @Doc(
            "The `gcp` backend (GCP Secret Manager): `project`, `connections_prefix`, `variables_prefix`, `sep`, `endpoint`, `credentials`.")
        Map<String, String> gcp,
    @Doc(
            "The `ssm` backend (AWS Systems Manager Parameter Store): `region`, `connections_prefix`, `variables_prefix` (an empty prefix turns that kind off), `connections_lookup_pattern`, `variables_lookup_pattern`, `endpoint`, `access_key_id`/`secret_access_key`, and to assume a role `role_arn`, `external_id`, `assume_role_duration_seconds`, `sts_endpoint`.")
        Map<String, String> ssm) {

  /** External backends in the order they join the default chain when configured. */
  public static final List<String> EXTERNAL = List.of("vault", "aws", "ssm", "gcp", "file");

  public SecretsConfig {
    order = splitCommas(order);
    cacheTtlSeconds = cacheTtlSeconds == null ? 60 : cacheTtlSeconds;
    if (cacheTtlSeconds < 0) {
      throw new IllegalArgumentException(
          "secrets.cache_ttl_seconds must be 0 (no cache) or more, got " + cacheTtlSeconds);
    }
    file = file == null ? FileSecretsConfig.defaults() : file;
    requiredConnections = splitCommas(requiredConnections);
    vault = vault == null ? Map.of() : Map.copyOf(vault);
    aws = aws == null ? Map.of() : Map.copyOf(aws);
    gcp = gcp == null ? Map.of() : Map.copyOf(gcp);
    ssm = ssm == null ? Map.of() : Map.copyOf(ssm);
  }

  /** Without a {@code ssm} section. */
  public SecretsConfig(
      List<String> order,
      Integer cacheTtlSeconds,
      FileSecretsConfig file,
      String fernetKey,
      List<String> requiredConnections,
      Map<String, String> vault,
      Map<String, String> aws,
      Map<String, String> gcp) {
    this(order, cacheTtlSeconds, file, fernetKey, requiredConnections, vault, aws, gcp, null);
  }

  public static SecretsConfig defaults() {
    return new SecretsConfig(null, null, null, null, null, null, null, null, null);
  }

  /**
   * The settings section of a backend by name ({@code vault}, {@code aws}, {@code ssm}, {@code
   * gcp}).
   */
  public Map<String, String> section(String backend) {
    return switch (backend) {
      case "vault" -> vault;
      case "aws" -> aws;
      case "gcp" -> gcp;
      case "ssm" -> ssm;
      default -> Map.of();
    };
  }

  /** The Fernet keys, first (the one that encrypts) first. */
  public List<String> fernetKeys() {
    return fernetKey == null ? List.of() : splitCommas(List.of(fernetKey));
  }

  public SecretsConfig withOrder(List<String> newOrder) {
    return new SecretsConfig(
        newOrder, cacheTtlSeconds, file, fernetKey, requiredConnections, vault, aws, gcp, ssm);
  }

  public SecretsConfig withFernetKey(String newKey) {
    return new SecretsConfig(
        order, cacheTtlSeconds, file, newKey, requiredConnections, vault, aws, gcp, ssm);
  }

  @Override
  public String toString() {
    // Keys and backend settings (tokens, secret ids) stay out of logs.
    return "SecretsConfig[order="
        + order
        + ", cacheTtlSeconds="
        + cacheTtlSeconds
        + ", file="
        + file
        + ", fernetKey="
        + (fernetKey == null ? "unset" : "***")
        + ", vault="
        + vault.keySet()
        + ", aws="
        + aws.keySet()
        + ", gcp="
        + gcp.keySet()
        + ", ssm="
        + ssm.keySet()
        + "]";
  }

  private static List<String> splitCommas(List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (String value : values) {
      Arrays.stream(value.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(result::add);
    }
    return List.copyOf(result);
  }
}
