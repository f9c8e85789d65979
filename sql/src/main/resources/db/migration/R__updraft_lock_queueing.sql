-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- The locks of updraft_lock_pools_and_dags for queueing the tasks p_down of run p_run of DAG p_dag.
create or replace function updraft_lock_queueing(p_run bigint, p_dag text, p_down text[])
returns void
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
begin
    perform updraft_lock_pools_and_dags(
        array(select distinct coalesce(t.pool, 'default_pool')::text from task_instance t
               where t.dag_run_id = p_run and t.task_id = any(p_down)),
        array[p_dag]);
end;
$$;
-- [jooq ignore stop]
