package io.updraft.sql;

import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.jooq.tables.records.DagRunRecord;
import io.updraft.sql.jooq.tables.records.TaskInstanceRecord;
import java.util.Collections;
import java.util.Map;
import org.jooq.JSONB;

/** Maps jOOQ records to core's records, so that jOOQ types never leave this module. */
final class PostgresRows {
  private PostgresRows() {}

  static DagRun dagRun(DagRunRecord r) {
    return new DagRun(
        r.getId(),
        r.getDagId(),
        r.getRunId(),
        RunType.fromWireName(r.getRunType()),
        RunState.fromWireName(r.getState()),
        r.getLogicalDate(),
        r.getDataIntervalStart(),
        r.getDataIntervalEnd(),
        conf(r.getConf(), r.getDagId(), r.getRunId()),
        r.getDagVersion(),
        r.getQueuedAt(),
        r.getStartDate(),
        r.getEndDate(),
        r.getCodeVersion());
  }

  static TaskInstance taskInstance(TaskInstanceRecord r) {
    return new TaskInstance(
        r.getId(),
        r.getDagRunId(),
        r.getDagId(),
        r.getRunId(),
        r.getTaskId(),
        TaskState.fromWireName(r.getState()),
        r.getTryNumber(),
        r.getMaxTries(),
        r.getQueue(),
        r.getPool(),
        r.getPriorityWeight() == null ? 1 : r.getPriorityWeight(),
        r.getWorker(),
        r.getQueuedAt(),
        r.getStartDate(),
        r.getEndDate(),
        r.getHeartbeatAt(),
        r.getNextTryAt());
  }

  static JSONB jsonb(Map<String, Object> conf) {
    return JSONB.jsonb(Json.write(conf));
  }

  private static Map<String, Object> conf(JSONB conf, String dagId, String runId) {
    if (conf == null) {
      return Map.of();
    }
    // JSON may hold nulls, which Map.copyOf rejects.
    return Collections.unmodifiableMap(
        Json.parseObject(conf.data(), "conf of run " + runId + " of DAG " + dagId));
  }
}
