-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- A task's success, then updraft_queue_ready for its downstream tasks. Returns the outcome first
-- ('recorded', or 'missed' when its fence did not match and nothing changed), then the rows of
-- updraft_queue_ready.
create or replace function updraft_hand_over(
    p_run         bigint,
    p_dag         text,
    p_ti          bigint,
    p_try         int,
    p_at          timestamptz,
    p_down        text[],      -- the downstream task ids
    p_pair_down   text[],      -- with p_pair_up: each downstream task's upstream task ids
    p_pair_up     text[],
    p_max_active  int,         -- the DAG's max_active_tasks
    p_worker      text,        -- who runs one ready task itself; null: nobody
    p_takeable    text[],      -- the downstream tasks p_worker may run
    p_log         text         -- the try's last log lines; null: none
)
returns table (kind text, id bigint, task_id text, try_number int, queue text, pool text,
               priority_weight int, max_tries int)
language plpgsql
-- Statements over one task at a time: planned once per session, as in updraft_change_tasks.
set plan_cache_mode = force_generic_plan
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_recorded    int;
begin
    perform updraft_lock_queueing(p_run, p_dag, p_down);

    -- The outcome, fenced, with its history row, and the try's last log lines.
    select count(*) into v_recorded
      from updraft_change_tasks(array[p_ti], array[p_try], array['running'], array['success'],
                                array[p_try], array[null::timestamptz], array[p_at],
                                array[null::text], null);
    if v_recorded > 0 and p_log is not null then
        insert into task_log (task_instance_id, try_number, chunk) values (p_ti, p_try, p_log);
    end if;
    if v_recorded = 0 then
        return query select 'missed', p_ti, null::text, p_try, null::text, null::text, null::int,
                            null::int;
        return;
    end if;
    return query select 'recorded', p_ti, null::text, p_try, null::text, null::text, null::int,
                        null::int;

    return query select * from updraft_queue_ready(p_run, p_dag, p_at, p_down, p_pair_down,
                                                   p_pair_up, p_max_active, p_worker,
                                                   p_takeable);
end;
$$;
-- [jooq ignore stop]
