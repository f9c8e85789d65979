package io.updraft.hooks.aws;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes the given keys, or every key under a prefix (one of the two); returns how many were
 * deleted. Bucket, keys and prefix are templates.
 */
public record S3DeleteObjectsOperator(
    String connId, String bucket, List<String> keys, String prefix) implements Operator {
  public S3DeleteObjectsOperator {
    keys = keys == null ? List.of() : List.copyOf(keys);
    if (keys.isEmpty() == (prefix == null)) {
      throw new IllegalArgumentException("An S3 delete task takes either keys or a prefix");
    }
  }

  @Override
  public String kind() {
    return "s3_delete_objects";
  }

  @Override
  public Map<String, Object> describe() {
    return prefix == null
        ? Map.of("conn_id", connId, "bucket", bucket, "keys", keys)
        : Map.of("conn_id", connId, "bucket", bucket, "prefix", prefix);
  }

  @Override
  public Object execute(TaskContext context) {
    String name = context.render(bucket);
    try (S3Hook s3 = context.hook(connId, S3Hook.class)) {
      List<String> doomed = new ArrayList<>();
      if (prefix != null) {
        doomed.addAll(s3.listKeys(name, context.render(prefix)));
      } else {
        keys.forEach(k -> doomed.add(context.render(k)));
      }
      s3.delete(name, doomed);
      context.log().info("Deleted " + doomed.size() + " object(s) from bucket " + name);
      return doomed.size();
    }
  }
}
