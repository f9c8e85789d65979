-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place. Keep the signature: a changed one would add an overload beside the old
-- function (drop the old one here first); FunctionSignaturesTest checks it.
--
-- [jooq ignore start]

-- A triggered run in one statement, and so, called alone, in one round trip that is its commit:
-- the run, its root task instances (p_task_ids..., in topological order), and, unless the DAG is
-- paused, its start through updraft_start_runs (the roots queued within the limits). The run's
-- own row comes first: kind 'created', or 'paused', with its id and the columns the database
-- chose; then updraft_start_runs's rows ('started' and the roots' rows, or 'not started'). No
-- row when the DAG already has a run with this run id or logical date.
create or replace function updraft_create_and_start_run(
    p_dag              text,
    p_run_id           text,
    p_run_type         text,
    p_logical_date     timestamptz,
    p_interval_start   timestamptz,
    p_interval_end     timestamptz,
    p_conf             jsonb,
    p_version          text,
    p_at               timestamptz,
    p_task_ids         text[],
    p_max_tries        int[],
    p_queues           text[],
    p_pools            text[],
    p_weights          int[],
    p_max_active_tis   int[],
    p_max_active_runs  int,
    p_max_active       int
)
returns table (kind text, id bigint, task_id text, try_number int, queue text, pool text,
               priority_weight int, max_tries int, logical_date timestamptz,
               data_interval_start timestamptz, data_interval_end timestamptz,
               queued_at timestamptz, code_version text)
language plpgsql
as $$
#variable_conflict use_column
declare
    v_run     dag_run;
    v_paused  boolean;
begin
    insert into dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                         data_interval_end, conf, dag_version, code_version, queued_at)
    values (p_dag, p_run_id, p_run_type, 'queued', p_logical_date, p_interval_start,
            p_interval_end, p_conf, p_version,
            (select d.code_version from dag d where d.dag_id = p_dag and d.version_hash = p_version),
            p_at)
    on conflict do nothing
    returning * into v_run;
    if v_run.id is null then
        return;
    end if;
    insert into task_instance (dag_run_id, dag_id, run_id, task_id, state, try_number, max_tries,
                               queue, pool, priority_weight, max_active_tis_per_dag, updated_at)
    select v_run.id, p_dag, p_run_id, t.task_id, 'none', 1, t.max_tries, t.queue, t.pool,
           t.weight, t.max_active, p_at
      from unnest(p_task_ids, p_max_tries, p_queues, p_pools, p_weights, p_max_active_tis)
           with ordinality as t(task_id, max_tries, queue, pool, weight, max_active, n)
     order by t.n;
    select d.is_paused into v_paused from dag d where d.dag_id = p_dag;

    return query select case when v_paused then 'paused' else 'created' end, v_run.id,
                        null::text, null::int, null::text, null::text, null::int, null::int,
                        v_run.logical_date, v_run.data_interval_start, v_run.data_interval_end,
                        v_run.queued_at, v_run.code_version::text;
    if v_paused then
        return;
    end if;
    return query select s.*, null::timestamptz, null::timestamptz, null::timestamptz,
                        null::timestamptz, null::text
                   from updraft_start_runs(p_at, array[v_run.id], array[p_dag],
                                           array[p_max_active_runs], array[p_max_active],
                                           array_fill(v_run.id,
                                                      array[coalesce(array_length(p_task_ids, 1), 0)]),
                                           p_task_ids) s;
end;
$$;
-- [jooq ignore stop]
