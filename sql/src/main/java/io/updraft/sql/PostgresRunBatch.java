package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Many runs and all their task instances in one statement: the runs of every DAG on one schedule at
 * its boundary. One statement per run cost about 10 ms each on a busy machine, so the last of 1,000
 * runs came 10 s after the first; as one statement they cost a few milliseconds in all. It does
 * what {@code PostgresRunCreation.createRun} does for one run, with the same idempotence.
 */
final class PostgresRunBatch {
  private PostgresRunBatch() {}

  /** Creates those of {@code runs} that do not exist yet; returns them. */
  static List<DagRun> create(
      DSLContext dsl, List<NewDagRun> runs, Map<String, DagStructure> structures, Instant now) {
    int n = runs.size();
    String[] dagIds = new String[n];
    String[] runIds = new String[n];
    String[] runTypes = new String[n];
    String[] logicalDates = new String[n];
    String[] starts = new String[n];
    String[] ends = new String[n];
    String[] confs = new String[n];
    String[] versions = new String[n];
    List<Integer> taskRun = new ArrayList<>();
    List<String> taskIds = new ArrayList<>();
    List<Integer> maxTries = new ArrayList<>();
    List<String> queues = new ArrayList<>();
    List<String> pools = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    List<Integer> maxActive = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      NewDagRun run = runs.get(k);
      DagStructure structure = structures.get(run.dagId());
      dagIds[k] = run.dagId();
      runIds[k] = run.runId();
      runTypes[k] = run.runType().wireName();
      logicalDates[k] = text(run.logicalDate());
      starts[k] = text(run.dataIntervalStart());
      ends[k] = text(run.dataIntervalEnd());
      confs[k] = PostgresRows.jsonb(run.conf()).data();
      versions[k] = structure.versionHash();
      for (TaskNode node : structure.tasks()) {
        taskRun.add(k + 1);
        taskIds.add(node.taskId());
        maxTries.add(node.maxTries());
        queues.add(node.queue());
        pools.add(node.pool());
        weights.add(node.priorityWeight());
        maxActive.add(node.maxActiveTisPerDag());
      }
    }
    return dsl.resultQuery(
            CREATE_RUNS,
            dagIds,
            runIds,
            runTypes,
            logicalDates,
            starts,
            ends,
            confs,
            versions,
            RunState.QUEUED.wireName(),
            text(now),
            TaskState.NONE.wireName(),
            taskRun.toArray(Integer[]::new),
            taskIds.toArray(String[]::new),
            maxTries.toArray(Integer[]::new),
            queues.toArray(String[]::new),
            pools.toArray(String[]::new),
            weights.toArray(Integer[]::new),
            maxActive.toArray(Integer[]::new))
        .fetch(r -> PostgresRows.dagRun(r.into(DAG_RUN)));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  /**
   * The runs go in as arrays, one element per run (k), the task instances as arrays of one element
   * per task, each naming its run by k, in each structure's topological order so that ids follow
   * it. A run that exists (either unique key) is skipped with its task instances.
   */
  private static final String CREATE_RUNS =
      """
      with input as (
        select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                             ?::text[], ?::text[])
               with ordinality as r(dag_id, run_id, run_type, logical_date, data_interval_start,
                                    data_interval_end, conf, dag_version, k)
      ), run as (
        insert into dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                             data_interval_end, conf, dag_version, code_version, queued_at)
        select r.dag_id, r.run_id, r.run_type, ?, r.logical_date::timestamptz,
               r.data_interval_start::timestamptz, r.data_interval_end::timestamptz,
               r.conf::jsonb, r.dag_version,
               (select d.code_version from dag d
                 where d.dag_id = r.dag_id and d.version_hash = r.dag_version),
               ?::timestamptz
          from input r
         order by r.k
        on conflict do nothing
        returning *
      ), tasks as (
        insert into task_instance (dag_run_id, dag_id, run_id, task_id, state, try_number,
                                   max_tries, queue, pool, priority_weight,
                                   max_active_tis_per_dag, updated_at)
        select run.id, run.dag_id, run.run_id, t.task_id, ?, 1, t.max_tries, t.queue, t.pool,
               t.weight, t.max_active, run.queued_at
          from unnest(?::int[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::int[])
               with ordinality as t(k, task_id, max_tries, queue, pool, weight, max_active, n)
          join input r on r.k = t.k
          join run on run.dag_id = r.dag_id and run.run_id = r.run_id
         order by t.n
      )
      select * from run
      """;
}
