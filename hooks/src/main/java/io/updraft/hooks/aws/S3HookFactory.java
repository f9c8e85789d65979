package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link S3Hook}s for conn types {@code aws} (Airflow's) and {@code s3}. */
public final class S3HookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("aws", "s3");
  }

  @Override
  public String displayName() {
    return "Amazon S3";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return S3Hook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("login", "AWS access key id", "AKIA..."),
        ConnectionField.secret("password", "AWS secret access key", ""),
        ConnectionField.of("extra.region_name", "Region", "eu-west-1"),
        ConnectionField.of(
            "extra.endpoint_url", "Endpoint (S3-compatible stores)", "http://minio:9000"),
        ConnectionField.of("extra.force_path_style", "Path-style addressing", "true"),
        ConnectionField.of(
            "extra.role_arn", "Role to assume (ARN)", "arn:aws:iam::123456789012:role/name"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new S3Hook(connection, pools);
  }
}
