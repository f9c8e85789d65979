package io.updraft.core.template;

import io.updraft.core.task.TaskContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** The variables a task's templates see, with Airflow's names. */
public final class TemplateVariables {
  private static final DateTimeFormatter DS = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final DateTimeFormatter DS_NODASH = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private TemplateVariables() {}

  public static Map<String, Object> of(TaskContext context) {
    Map<String, Object> vars = new HashMap<>();
    Instant logical = context.logicalDate();
    vars.put("ds", DS.format(logical.atOffset(ZoneOffset.UTC)));
    vars.put("ds_nodash", DS_NODASH.format(logical.atOffset(ZoneOffset.UTC)).substring(0, 8));
    vars.put("ts", TS.format(logical.atOffset(ZoneOffset.UTC)));
    vars.put("logical_date", TS.format(logical.atOffset(ZoneOffset.UTC)));
    vars.put(
        "data_interval_start", TS.format(context.dataIntervalStart().atOffset(ZoneOffset.UTC)));
    vars.put("data_interval_end", TS.format(context.dataIntervalEnd().atOffset(ZoneOffset.UTC)));
    vars.put("dag_id", context.dagId());
    vars.put("task_id", context.taskId());
    vars.put("run_id", context.runId());
    vars.put("try_number", context.tryNumber());
    vars.put("conf", context.conf());
    vars.put("dag_run", Map.of("run_id", context.runId(), "conf", context.conf()));
    vars.put("params", context.conf());
    vars.put("ti", new TemplateTaskInstance(context));
    vars.put("var", SecretTemplateVariables.var(context));
    vars.put("conn", SecretTemplateVariables.conn(context));
    return vars;
  }
}
