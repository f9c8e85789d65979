-- The shortest paths from one task to the next, and from a trigger to the first task: a task's
-- success and what it makes ready, or a run's start and its first tasks, each in one round trip
-- and one commit. Done in the database, as graphile-worker and Que do their job transitions,
-- because each statement sent from a process costs a round trip: the same work as separate
-- statements took ten or more of them.
--
-- The rules are the fenced update's (PostgresTaskChanges) and the admission's (PostgresAdmission):
-- locks in the order pools, DAG, task rows; a ready task without room in its pool or DAG waits as
-- scheduled; a history row per change. Only for tasks that have no upstream task, or whose
-- trigger rule is all_success (the caller checks that): such a task is ready exactly when every
-- upstream task succeeded.
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
                select coalesce((select s.slots from pool s where s.pool = d.pool),
                                case when d.pool = 'default_pool' then 128 else 0 end)
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
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_recorded    int;
begin
    perform updraft_lock_queueing(p_run, p_dag, p_down);

    -- The outcome, fenced, with its history row and the try's last log lines.
    with changed as (
        update task_instance t set state = 'success', next_try_at = null, updated_at = p_at,
                                   end_date = p_at
         where t.id = p_ti and t.try_number = p_try and t.state = 'running'
        returning t.id
    ), history as (
        insert into task_instance_history (task_instance_id, try_number, from_state, to_state,
                                           worker, changed_at)
        select c.id, p_try, 'running', 'success', null, p_at from changed c
    ), logged as (
        insert into task_log (task_instance_id, try_number, chunk)
        select c.id, p_try, p_log from changed c where p_log is not null
    )
    select count(*) into v_recorded from changed;
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
    -- Every lock first, each kind in one order: the DAGs' run locks, the pools, the DAGs' task
    -- locks (updraft_lock_queueing's, which updraft_queue_ready's callers hold).
    perform pg_advisory_xact_lock(hashtext(x.d))
       from (select distinct u.d from unnest(p_dags) as u(d) order by u.d) x;
    perform 1 from pool p
     where p.pool in (select coalesce(t.pool, 'default_pool')
                        from unnest(p_root_runs, p_roots) as r(run, task)
                        join task_instance t on t.dag_run_id = r.run and t.task_id = r.task)
     order by p.pool for update;
    perform pg_advisory_xact_lock(hashtext('tasks:' || x.d))
       from (select distinct u.d from unnest(p_dags) as u(d) order by u.d) x;

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
