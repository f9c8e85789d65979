package io.updraft.hooks.aws;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import java.util.Map;

/** Copies one object (every field is a template); returns the target as {@code s3://b/k}. */
public record S3CopyObjectOperator(
    String connId, String sourceBucket, String sourceKey, String targetBucket, String targetKey)
    implements Operator {
  @Override
  public String kind() {
    return "s3_copy_object";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of(
        "conn_id", connId,
        "source", "s3://" + sourceBucket + "/" + sourceKey,
        "target", "s3://" + targetBucket + "/" + targetKey);
  }

  @Override
  public Object execute(TaskContext context) {
    String fromBucket = context.render(sourceBucket);
    String fromKey = context.render(sourceKey);
    String toBucket = context.render(targetBucket);
    String toKey = context.render(targetKey);
    try (S3Hook s3 = context.hook(connId, S3Hook.class)) {
      s3.copy(fromBucket, fromKey, toBucket, toKey);
    }
    String target = "s3://" + toBucket + "/" + toKey;
    context.log().info("Copied s3://" + fromBucket + "/" + fromKey + " to " + target);
    return target;
  }
}
