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
-- Plans made once per session: see updraft_change_tasks.
set plan_cache_mode = force_generic_plan
-- Index scans only, as in updraft_admit.
set enable_bitmapscan = off
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_ready   bigint[];
    v_ids     bigint[] := '{}';  -- with v_kinds and v_tries: what becomes of each ready task
    v_kinds   text[] := '{}';
    v_tries   int[] := '{}';
    v_taken   boolean := p_worker is null;
    v_kind    text;
    v_n       int;
    v_k       int;
    v_to      text[] := '{}';    -- the state each ready task goes to first
    a         record;
begin
    -- The rows, locked in id order, and which are ready. A fresh snapshot: the caller's locks
    -- make the commit of a concurrent upstream task's outcome visible here. A run marked or timed
    -- out meanwhile has no rows here, and gets nothing more queued.
    select array_agg(l.id order by l.id)
             filter (where l.state = 'none'
                       and not exists (select 1 from unnest(p_pair_down, p_pair_up) as p(down, up)
                                         join task_instance u
                                           on u.dag_run_id = p_run and u.task_id = p.up
                                        where p.down = l.task_id and u.state <> 'success')),
           count(*)
      into v_ready, v_n
      from (select t.id, t.task_id::text as task_id, t.state
              from task_instance t
             where t.dag_run_id = p_run and t.task_id = any(p_down)
               and exists (select 1 from dag_run r where r.id = p_run and r.state = 'running')
             order by t.id for update) l;
    if v_n = 0 then
        return;
    end if;

    for a in
        select * from updraft_admit(v_ready, p_max_active)
    loop
        if not a.admitted then
            v_kind := 'scheduled';
        elsif not v_taken and a.task_id = any(p_takeable) then
            v_kind := 'running';
            v_taken := true;
        else
            v_kind := 'queued';
        end if;
        v_ids := v_ids || a.id;
        v_kinds := v_kinds || v_kind;
        v_tries := v_tries || a.try_number;
        v_to := v_to || case when v_kind = 'scheduled' then 'scheduled' else 'queued' end;
    end loop;

    -- Queued or scheduled in one call of the writer, then the claim, if any (queued, then
    -- running: the history a reader expects).
    v_n := coalesce(array_length(v_ids, 1), 0);
    if v_n > 0 then
        perform 1 from updraft_change_tasks(v_ids, v_tries, array_fill('none'::text, array[v_n]),
                                            v_to, v_tries,
                                            array_fill(null::timestamptz, array[v_n]),
                                            array_fill(p_at, array[v_n]),
                                            array_fill(null::text, array[v_n]));
        v_k := array_position(v_kinds, 'running');
        if v_k is not null then
            perform 1 from updraft_change_tasks(array[v_ids[v_k]], array[v_tries[v_k]],
                                                array['queued'], array['running'],
                                                array[v_tries[v_k]], array[null::timestamptz],
                                                array[p_at], array[p_worker]);
        end if;
    end if;

    return query
    select coalesce(m.kind, 'waiting'), t.id, t.task_id::text, t.try_number, t.queue::text,
           coalesce(t.pool, 'default_pool')::text, coalesce(t.priority_weight, 1), t.max_tries
      from task_instance t
      left join unnest(v_ids, v_kinds) with ordinality as m(id, kind, n) on m.id = t.id
     where t.dag_run_id = p_run and t.task_id = any(p_down)
     order by m.n nulls last, t.id;
end;
$$;
-- [jooq ignore stop]
