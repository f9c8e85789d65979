package io.updraft.bench;

import java.net.URI;
import redis.clients.jedis.Jedis;

/**
 * The scale benchmark's own database ({@code updraft_bench_scale} on the benchmark's server) and
 * Redis namespace, emptied of DAGs, runs and Quartz triggers before each measurement.
 */
final class ScaleDatabase {
  static final String NAME = "updraft_bench_scale";

  private ScaleDatabase() {}

  static BenchSettings settings(BenchSettings bench) {
    return new BenchSettings(
        bench.jdbcUrlOf(NAME),
        bench.user(),
        bench.password(),
        bench.redisUrl(),
        bench.namespace() + "-scale");
  }

  static void clean(BenchBackends b, BenchSettings settings) {
    // Cascade: runs, task instances and whatever else hangs off a DAG go with it.
    b.database
        .dsl()
        .execute(
            "truncate dag, dag_run, task_instance, worker, qrtz_fired_triggers,"
                + " qrtz_simple_triggers, qrtz_simprop_triggers, qrtz_cron_triggers,"
                + " qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_paused_trigger_grps,"
                + " qrtz_scheduler_state cascade");
    try (Jedis jedis = new Jedis(URI.create(settings.redisUrl()))) {
      for (String key : jedis.keys(settings.namespace() + ":*")) {
        jedis.del(key);
      }
    }
  }
}
