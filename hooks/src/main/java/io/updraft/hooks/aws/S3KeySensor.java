package io.updraft.hooks.aws;

import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import java.util.Map;

/**
 * Waits for an object, as Airflow's {@code S3KeySensor}; with {@code wildcard} the key is a pattern
 * with {@code *} and {@code ?} and any match will do. Bucket and key are templates.
 */
public final class S3KeySensor extends Sensor {
  private final String connId;
  private final String bucket;
  private final String key;
  private final boolean wildcard;

  public S3KeySensor(
      String connId, String bucket, String key, boolean wildcard, SensorSettings settings) {
    super(settings);
    this.connId = connId;
    this.bucket = bucket;
    this.key = key;
    this.wildcard = wildcard;
  }

  @Override
  public String kind() {
    return "s3_key_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) {
    String name = context.render(bucket);
    String wanted = context.render(key);
    try (S3Hook s3 = context.hook(connId, S3Hook.class)) {
      return wildcard ? !s3.keysMatching(name, wanted).isEmpty() : s3.exists(name, wanted);
    }
  }

  @Override
  protected String awaited(TaskContext context) {
    return "s3://" + context.render(bucket) + "/" + context.render(key);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    return Map.of("conn_id", connId, "bucket", bucket, "key", key, "wildcard", wildcard);
  }
}
