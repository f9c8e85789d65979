-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in the versioned migration that first created it (V032, whose
-- checksum must not change once applied). Keep the signature: a changed one would add an overload
-- beside the old function (drop the old one here first); FunctionSignaturesTest checks both.
--
-- [jooq ignore start]

-- Queues the tasks p_down of run p_run that are ready, heaviest first, as far as their pool and
-- DAG have room; p_worker (if not null) claims one of p_takeable in the same commit. The caller
-- holds the locks of updraft_lock_queueing. One row per task: 'running' (claimed), 'queued',
-- 'scheduled' (ready, no room), or 'waiting' (not ready, or not in state none).
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
-- Index scans only. Every state change leaves a dead entry in the state index until vacuum: a
-- bitmap scan visits them all on every count, while a plain index scan marks them dead once and
-- skips them after. And a table that was empty when last analyzed (a new database) would get
-- sequential scans, which cost more with every run until autovacuum catches up.
set enable_bitmapscan = off
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_ids         bigint[] := '{}';  -- with v_kinds: what becomes of each task looked at
    v_kinds       text[] := '{}';
    v_taken       boolean := p_worker is null;
    v_pools       text[] := '{}';    -- with v_free: the room left in each pool met
    v_free        int[] := '{}';
    v_dag_free    int;               -- room left in the DAG, counted with the first pool
    v_pool_free   int;
    v_dag_now     int;
    v_k           int;
    v_kind        text;
    d             record;
begin
    -- The rows, locked in id order, then taken heaviest first, each with whether it is ready. A
    -- fresh snapshot: the caller's locks make the commit of a concurrent upstream task's outcome
    -- visible here. A run marked or timed out meanwhile gets nothing more queued.
    for d in
        select l.*,
               not exists (select 1 from unnest(p_pair_down, p_pair_up) as p(down, up)
                             join task_instance u on u.dag_run_id = p_run and u.task_id = p.up
                            where p.down = l.task_id and u.state <> 'success') as ready
          from (select t.id, t.task_id::text as task_id, t.state, t.try_number,
                       t.queue::text as queue, coalesce(t.pool, 'default_pool')::text as pool,
                       coalesce(t.priority_weight, 1) as weight, t.max_tries
                  from task_instance t
                 where t.dag_run_id = p_run and t.task_id = any(p_down)
                   and exists (select 1 from dag_run r where r.id = p_run and r.state = 'running')
                 order by t.id for update) l
         order by l.weight desc, l.id
    loop
        if d.state <> 'none' or not d.ready then
            v_kind := 'waiting';
        else
            -- The room is counted once per pool, then kept in step with the decisions: a run's
            -- start looks at thousands of tasks, and stays a handful of statements.
            v_k := array_position(v_pools, d.pool);
            if v_k is null then
                select coalesce((select s.slots from pool s where s.pool = d.pool), 0)
                       - count(*) filter (where o.pool = d.pool),
                       p_max_active - count(*) filter (where o.dag_id = p_dag)
                  into v_pool_free, v_dag_now
                  from task_instance o
                 where o.state in ('queued', 'running') and (o.pool = d.pool or o.dag_id = p_dag);
                v_pools := v_pools || d.pool;
                v_free := v_free || v_pool_free;
                v_dag_free := coalesce(v_dag_free, v_dag_now);
                v_k := array_length(v_pools, 1);
            end if;
            if v_free[v_k] <= 0 or v_dag_free <= 0 then
                v_kind := 'scheduled';
            else
                v_free[v_k] := v_free[v_k] - 1;
                v_dag_free := v_dag_free - 1;
                if not v_taken and d.task_id = any(p_takeable) then
                    v_kind := 'running';
                    v_taken := true;
                else
                    v_kind := 'queued';
                end if;
            end if;
        end if;
        v_ids := v_ids || d.id;
        v_kinds := v_kinds || v_kind;
        kind := v_kind;
        id := d.id;
        task_id := d.task_id;
        try_number := d.try_number;
        queue := d.queue;
        pool := d.pool;
        priority_weight := d.weight;
        max_tries := d.max_tries;
        return next;
    end loop;

    -- Queued (and claimed, for the worker's), or scheduled: all in one statement, with their
    -- history in the order a reader expects.
    with decided as (
        select m.id, m.kind from unnest(v_ids, v_kinds) as m(id, kind) where m.kind <> 'waiting'
    ), changed as (
        update task_instance t set
            state = m.kind, updated_at = p_at, next_try_at = null,
            queued_at = case when m.kind = 'scheduled' then t.queued_at else p_at end,
            start_date = case when m.kind = 'running' then p_at else t.start_date end,
            heartbeat_at = case when m.kind = 'running' then p_at else t.heartbeat_at end,
            worker = case when m.kind = 'running' then p_worker else t.worker end,
            end_date = case when m.kind = 'running' then null else t.end_date end
          from decided m
         where t.id = m.id
        returning t.id, t.try_number, m.kind
    )
    insert into task_instance_history (task_instance_id, try_number, from_state, to_state,
                                       worker, changed_at)
    select c.id, c.try_number, s.from_state, s.to_state, s.worker, p_at
      from changed c
      cross join lateral (values (1, 'none', case when c.kind = 'scheduled' then 'scheduled'
                                                  else 'queued' end, null::text),
                                 (2, 'queued', 'running', p_worker))
                 as s(n, from_state, to_state, worker)
     where s.n = 1 or c.kind = 'running'
     order by c.id, s.n;
end;
$$;
-- [jooq ignore stop]
