package io.updraft.hooks.aws;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import java.util.Map;

/** Creates a bucket unless it exists (the bucket name is a template); returns its name. */
public record S3CreateBucketOperator(String connId, String bucket) implements Operator {
  @Override
  public String kind() {
    return "s3_create_bucket";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("conn_id", connId, "bucket", bucket);
  }

  @Override
  public Object execute(TaskContext context) {
    String name = context.render(bucket);
    try (S3Hook s3 = context.hook(connId, S3Hook.class)) {
      if (s3.bucketExists(name)) {
        context.log().info("Bucket " + name + " already exists");
      } else {
        s3.createBucket(name);
        context.log().info("Created bucket " + name);
      }
    }
    return name;
  }
}
