-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- Starts queued runs, each within its DAG's max_active_runs, and queues their root tasks with
-- updraft_queue_ready, all in one transaction: a scheduler starts the runs triggered meanwhile
-- together, the locks taken once. p_runs, p_dags, p_max_active_runs and p_max_active have an
-- entry per run; p_root_runs and p_roots list each run's root tasks. Returns, per run in the
-- order given, 'started' (its id) and the rows of its tasks, or only 'not started'
-- (max_active_runs reached, or the run is no longer queued).
create or replace function updraft_start_runs(
    p_at               timestamptz,
    p_runs             bigint[],
    p_dags             text[],
    p_max_active_runs  int[],
    p_max_active       int[],
    p_root_runs        bigint[],
    p_roots            text[]
)
returns table (kind text, id bigint, task_id text, try_number int, queue text, pool text,
               priority_weight int, max_tries int)
language plpgsql
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    k        int;
    v_roots  text[];
begin
    -- Every lock first: the DAGs' run locks, in one order, then updraft_lock_pools_and_dags's
    -- for the root tasks (which updraft_queue_ready's callers hold).
    perform pg_advisory_xact_lock(hashtext(x.d))
       from (select distinct u.d from unnest(p_dags) as u(d) order by u.d) x;
    perform updraft_lock_pools_and_dags(
        array(select distinct coalesce(t.pool, 'default_pool')::text
                from unnest(p_root_runs, p_roots) as r(run, task)
                join task_instance t on t.dag_run_id = r.run and t.task_id = r.task),
        p_dags);

    for k in 1 .. coalesce(array_length(p_runs, 1), 0) loop
        update dag_run r set state = 'running', start_date = coalesce(r.start_date, p_at)
         where r.id = p_runs[k] and r.state = 'queued'
           and (select count(*) from dag_run o where o.dag_id = p_dags[k] and o.state = 'running')
               < p_max_active_runs[k];
        if not found then
            return query select 'not started', p_runs[k], null::text, null::int, null::text,
                                null::text, null::int, null::int;
            continue;
        end if;
        return query select 'started', p_runs[k], null::text, null::int, null::text, null::text,
                            null::int, null::int;
        select array_agg(r.task) into v_roots
          from unnest(p_root_runs, p_roots) as r(run, task) where r.run = p_runs[k];
        return query select * from updraft_queue_ready(p_runs[k], p_dags[k], p_at,
                                                       coalesce(v_roots, '{}'), '{}', '{}',
                                                       p_max_active[k], null, '{}');
    end loop;
end;
$$;
-- [jooq ignore stop]
