package io.updraft.hooks.google;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.TemplatedValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a BigQuery job from its REST configuration, as Airflow's {@code BigQueryInsertJobOperator}:
 * every string in the configuration is a template. Waits for the job (cancelling it if the task is
 * killed) and returns its id.
 *
 * @param jobId a template for the job's id, or null for a fresh one
 */
public record BigQueryInsertJobOperator(
    String connId, Map<String, Object> configuration, String jobId) implements Operator {
  public BigQueryInsertJobOperator {
    if (configuration == null || configuration.isEmpty()) {
      throw new IllegalArgumentException("A BigQuery job task needs a job configuration");
    }
    configuration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
  }

  @Override
  public String kind() {
    return "bigquery_insert_job";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("conn_id", connId, "configuration", configuration);
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    Map<String, Object> rendered = TemplatedValues.renderMap(context, configuration);
    String id = jobId == null ? null : context.render(jobId);
    try (BigQueryHook bq = context.hook(connId, BigQueryHook.class)) {
      String done = bq.insertJob(rendered, id);
      context.log().info("BigQuery job " + done + " done");
      return done;
    }
  }
}
