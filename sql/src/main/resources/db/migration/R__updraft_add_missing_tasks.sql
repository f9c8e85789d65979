-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place. Keep the signature: a changed one would add an overload beside the old
-- function (drop the old one here first); FunctionSignaturesTest checks it.
--
-- [jooq ignore start]

-- Inserts the task instances of run p_run that it lacks (p_task_ids..., in topological order), in
-- state none, and tells whether one of those it had has moved past running meanwhile. Under the
-- DAG's queueing lock, which every hand-over takes too: a hand-over either committed first, and
-- then this sees its task ended (the caller plans the run, which queues what it made ready), or
-- comes after and finds the rows. One function, so that called alone it is one round trip: each
-- statement here reads a snapshot taken after the lock.
create or replace function updraft_add_missing_tasks(
    p_run             bigint,
    p_dag             text,
    p_run_id          text,
    p_at              timestamptz,
    p_task_ids        text[],
    p_max_tries       int[],
    p_queues          text[],
    p_pools           text[],
    p_weights         int[],
    p_max_active_tis  int[]
)
returns boolean
language plpgsql
as $$
begin
    perform pg_advisory_xact_lock(hashtext('tasks:' || p_dag));
    -- The existence test spares the sequence and the unique index the rows already there; the
    -- conflict clause covers a planner adding them at the same moment.
    insert into task_instance (dag_run_id, dag_id, run_id, task_id, state, try_number, max_tries,
                               queue, pool, priority_weight, max_active_tis_per_dag, updated_at)
    select p_run, p_dag, p_run_id, t.task_id, 'none', 1, t.max_tries, t.queue, t.pool, t.weight,
           t.max_active, p_at
      from unnest(p_task_ids, p_max_tries, p_queues, p_pools, p_weights, p_max_active_tis)
           with ordinality as t(task_id, max_tries, queue, pool, weight, max_active, n)
     where not exists (select 1 from task_instance e
                        where e.dag_run_id = p_run and e.task_id = t.task_id)
     order by t.n
    on conflict do nothing;
    return exists (select 1 from task_instance e
                    where e.dag_run_id = p_run
                      and e.state not in ('none', 'scheduled', 'queued', 'running'));
end;
$$;
-- [jooq ignore stop]
