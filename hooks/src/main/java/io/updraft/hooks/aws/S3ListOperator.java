package io.updraft.hooks.aws;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lists the keys under a prefix (templates), optionally split by a delimiter; the keys are the
 * XCom.
 */
public record S3ListOperator(String connId, String bucket, String prefix, String delimiter)
    implements Operator {
  @Override
  public String kind() {
    return "s3_list";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("bucket", bucket);
    fields.put("prefix", prefix);
    fields.put("delimiter", delimiter);
    return fields;
  }

  @Override
  public Object execute(TaskContext context) {
    String name = context.render(bucket);
    String from = prefix == null ? "" : context.render(prefix);
    try (S3Hook s3 = context.hook(connId, S3Hook.class)) {
      S3Listing listing = s3.list(name, from, delimiter, 1000);
      context
          .log()
          .info("Found " + listing.keys().size() + " key(s) under s3://" + name + "/" + from);
      return listing.keys();
    }
  }
}
