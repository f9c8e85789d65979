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
  /** How PostgreSQL gives back an empty {@code jsonb} object. */
  private static final String EMPTY_OBJECT = "{}";

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
    return TaskInstance.builder(r.getId(), r.getTaskId())
        .dagRunId(r.getDagRunId())
        .dagId(r.getDagId())
        .runId(r.getRunId())
        .mapIndex(r.getMapIndex())
        .state(TaskState.fromWireName(r.getState()))
        .tryNumber(r.getTryNumber())
        .maxTries(r.getMaxTries())
        .queue(r.getQueue())
        .pool(r.getPool())
        .priorityWeight(r.getPriorityWeight() == null ? 1 : r.getPriorityWeight())
        .worker(r.getWorker())
        .queuedAt(r.getQueuedAt())
        .startDate(r.getStartDate())
        .endDate(r.getEndDate())
        .heartbeatAt(r.getHeartbeatAt())
        .nextTryAt(r.getNextTryAt())
        .build();
  }

  static JSONB jsonb(Map<String, Object> conf) {
    return JSONB.jsonb(Json.write(conf));
  }

  private static Map<String, Object> conf(JSONB conf, String dagId, String runId) {
    // Most runs have no conf, which PostgreSQL gives back as "{}": read without the JSON mapper,
    // whose first use loads some 600 classes (5 MB of a worker's metadata) that a worker running
    // no-op or shell tasks does not otherwise need.
    if (conf == null || EMPTY_OBJECT.equals(conf.data())) {
      return Map.of();
    }
    // JSON may hold nulls, which Map.copyOf rejects.
    return Collections.unmodifiableMap(
        Json.parseObject(conf.data(), "conf of run " + runId + " of DAG " + dagId));
  }
}
