-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- The locks every actor that queues takes first: the pools of the tasks p_down, then the DAG.
create or replace function updraft_lock_queueing(p_run bigint, p_dag text, p_down text[])
returns void
language plpgsql
as $$
begin
    perform 1 from pool p
     where p.pool in (select coalesce(t.pool, 'default_pool') from task_instance t
                       where t.dag_run_id = p_run and t.task_id = any(p_down))
     order by p.pool for update;
    perform pg_advisory_xact_lock(hashtext('tasks:' || p_dag));
end;
$$;
-- [jooq ignore stop]
