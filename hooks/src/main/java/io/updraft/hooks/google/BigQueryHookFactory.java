package io.updraft.hooks.google;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link BigQueryHook}s for Airflow's {@code google_cloud_platform} and {@code bigquery}. */
public final class BigQueryHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("google_cloud_platform", "gcpbigquery", "bigquery");
  }

  @Override
  public String displayName() {
    return "Google BigQuery";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return BigQueryHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("extra.project", "Project id", "my-project"),
        ConnectionField.of("extra.location", "Location", "EU"),
        ConnectionField.of("extra.key_path", "Key file path", "/secrets/sa.json"),
        ConnectionField.secret(
            "extra.keyfile_dict", "Key file JSON", "{\"type\": \"service_account\", ...}"),
        ConnectionField.of("extra.endpoint", "Endpoint", "https://bigquery.googleapis.com"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new BigQueryHook(connection, pools);
  }
}
