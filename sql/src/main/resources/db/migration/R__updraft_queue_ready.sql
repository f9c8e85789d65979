-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- Queues the tasks p_down of run p_run that are ready, as far as updraft_admit finds room for
-- them; p_worker (if not null) claims one of p_takeable in the same commit. The caller holds the
-- locks of updraft_lock_queueing. One row per task: 'running' (claimed), 'queued', 'scheduled'
-- (ready, no room), or 'waiting' (not ready, or not in state none); the ready ones first, in the
-- order admitted (heaviest first).
create or replace function updraft_queue_ready(
    p_run         bigint,
    p_dag         text,
    p_at          timestamptz,
    p_down        text[],      -- the tasks to look at
    p_pair_down   text[],      -- with p_pair_up: each of those tasks' upstream task ids
    p_pair_up     text[],
    p_max_active  int,         -- the DAG's max_active_tasks
    p_worker      text,        -- who runs one ready task itself; null: nobody
    p_takeable    text[]       -- the tasks p_worker may run
)
returns table (kind text, id bigint, task_id text, try_number int, queue text, pool text,
               priority_weight int, max_tries int)
language plpgsql
-- Planned for each call's arrays (not once per session, as the functions around it): which rows
-- are ready is a join whose best plan depends on how many tasks are looked at, one or thousands.
set plan_cache_mode = auto
-- Index scans only, as in updraft_admit.
set enable_bitmapscan = off
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_ready      bigint[];   -- the tasks looked at that are ready,
    v_waiting    bigint[];   -- and the others (not ready, or not in state none)
    v_seen       int;
    v_ids        bigint[];   -- the ready tasks in the order admitted, each with:
    v_task_ids   text[];
    v_tries      int[];
    v_queues     text[];
    v_pools      text[];
    v_weights    int[];
    v_max_tries  int[];
    v_admitted   boolean[];
    v_taken      int;        -- the position of the task p_worker claims; null: none
    v_n          int;
begin
    -- The rows, locked in id order, and which are ready. A fresh snapshot: the caller's locks
    -- make the commit of a concurrent upstream task's outcome visible here. A run marked or timed
    -- out meanwhile has no rows here, and gets nothing more queued.
    -- The arrays' order does not matter (updraft_admit orders the ready ones): no sort for them.
    select array_agg(r.id) filter (where r.ready), array_agg(r.id) filter (where not r.ready),
           count(*)
      into v_ready, v_waiting, v_seen
      from (select l.id,
                   l.state = 'none'
                   and not exists (select 1 from unnest(p_pair_down, p_pair_up) as p(down, up)
                                     join task_instance u
                                       on u.dag_run_id = p_run and u.task_id = p.up
                                    where p.down = l.task_id and u.state <> 'success') as ready
              from (select t.id, t.task_id::text as task_id, t.state
                      from task_instance t
                     where t.dag_run_id = p_run and t.task_id = any(p_down)
                       and exists (select 1 from dag_run d where d.id = p_run
                                                              and d.state = 'running')
                     order by t.id for update) l) r;
    if v_seen = 0 then
        return;
    end if;

    -- Room for the ready ones: updraft_admit's decisions, kept as arrays (a run's start looks at
    -- thousands of tasks: each step stays one statement, not one per task).
    -- One sort, of the function's rows by their ordinality, which PostgreSQL knows they have
    -- already and skips: an order by in each aggregate would sort eight times.
    select array_agg(a.id), array_agg(a.task_id), array_agg(a.try_number), array_agg(a.queue),
           array_agg(a.pool), array_agg(a.priority_weight), array_agg(a.max_tries),
           array_agg(a.admitted)
      into v_ids, v_task_ids, v_tries, v_queues, v_pools, v_weights, v_max_tries, v_admitted
      from (select * from updraft_admit(v_ready, p_max_active)
                          with ordinality as a(id, task_id, try_number, queue, pool,
                                               priority_weight, max_tries, admitted, pool_exists,
                                               n)
             order by a.n) a;
    v_n := coalesce(array_length(v_ids, 1), 0);

    if v_n > 0 then
        if p_worker is not null then
            select min(u.n) into v_taken
              from unnest(v_task_ids, v_admitted) with ordinality as u(task_id, admitted, n)
             where u.admitted and u.task_id = any(p_takeable);
        end if;
        -- Queued or scheduled in one call of the writer, and the claim, if any, with them: from
        -- none via queued to running, the history a reader expects.
        perform 1
           from updraft_change_tasks(
                    v_ids, v_tries, array_fill('none'::text, array[v_n]),
                    array(select case when not u.admitted then 'scheduled'
                                      when u.n = v_taken then 'running'
                                      else 'queued' end
                            from unnest(v_admitted) with ordinality as u(admitted, n)
                           order by u.n),
                    v_tries, array_fill(null::timestamptz, array[v_n]),
                    array_fill(p_at, array[v_n]),
                    array(select case when u.n = v_taken then p_worker end
                            from unnest(v_ids) with ordinality as u(id, n) order by u.n),
                    array(select case when u.n = v_taken then 'queued' end
                            from unnest(v_ids) with ordinality as u(id, n) order by u.n));
    end if;

    return query
    select case when not u.admitted then 'scheduled'
                when u.n = v_taken then 'running'
                else 'queued' end,
           u.id, u.task_id, u.try_number, u.queue, u.pool, u.priority_weight, u.max_tries
      from unnest(v_ids, v_task_ids, v_tries, v_queues, v_pools, v_weights, v_max_tries,
                  v_admitted)
           with ordinality as u(id, task_id, try_number, queue, pool, priority_weight,
                                max_tries, admitted, n)
     order by u.n;
    return query
    select 'waiting', w.id, null::text, null::int, null::text, null::text, null::int, null::int
      from unnest(v_waiting) as w(id);
end;
$$;
-- [jooq ignore stop]
