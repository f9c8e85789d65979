-- A repeatable migration: Flyway runs it again whenever this file changes, so a function is
-- changed here, in place, and never in a versioned migration. Keep the signatures: a changed one
-- would add an overload beside the old function (drop the old one here first);
-- FunctionSignaturesTest checks them.
--
-- The owner of task state. Every change of a task instance's state, from any actor (the
-- scheduler's planner, a worker's claim or outcome, the hand-over of updraft_queue_ready, a user's
-- clear or mark), goes through updraft_change_tasks; every decision whether a task may be queued
-- goes through updraft_admit, after the locks of updraft_lock_pools_and_dags. Java keeps the
-- trigger rules (the planner) and decides what should change; these functions decide what did.
--
-- [jooq ignore start]

-- The allowed changes, core's TaskTransitions table (TaskStateOwnerTest keeps the two
-- equal). A change outside it is a bug in its caller; refusing it here keeps a corrupt row out
-- whichever path the change came by.
create or replace function updraft_transition_allowed(p_from text, p_to text)
returns boolean
language sql
immutable
parallel safe
-- One expression, so that PostgreSQL inlines it into the query that calls it.
as $$
    select p_from || '>' || p_to = any ('{
        none>scheduled, none>queued, none>upstream_failed, none>skipped, none>success,
        none>failed,
        scheduled>queued, scheduled>upstream_failed, scheduled>skipped, scheduled>none,
        scheduled>success, scheduled>failed,
        queued>running, queued>failed, queued>up_for_retry, queued>none, queued>queued,
        queued>skipped, queued>success,
        running>success, running>failed, running>up_for_retry, running>up_for_reschedule,
        running>skipped, running>none,
        up_for_retry>queued, up_for_retry>failed, up_for_retry>none, up_for_retry>skipped,
        up_for_retry>success,
        up_for_reschedule>queued, up_for_reschedule>failed, up_for_reschedule>none,
        up_for_reschedule>skipped, up_for_reschedule>success,
        success>none, success>failed,
        failed>none, failed>success,
        upstream_failed>none, upstream_failed>success, upstream_failed>failed,
        skipped>none, skipped>success, skipped>failed
    }'::text[])
$$;

-- The one writer of task state. Change k applies only while task instance p_ids[k] still has try
-- p_tries[k] and state p_from[k] (the fence), so a late or duplicate actor changes nothing and the
-- database decides which of two racing actors wins. Each change that applies gets its history row,
-- and a try put up for reschedule its task_reschedule row, in the same statement. Rows are locked
-- in id order: two actors changing overlapping rows wait for each other instead of deadlocking. A
-- row given twice (a path through the transition table, or a message delivered twice, whose
-- second copy then misses its fence) changes in rounds, in the order given. A change may pass
-- through a state on its way (p_via: a task queued and claimed at once goes from none via queued
-- to running): both steps must be allowed and both get their history rows, in one statement
-- instead of two calls. Returns each change that applied (its position in the arrays, from 1)
-- with the row as it left it.
-- A changed argument list cannot be replaced in place: the old function is dropped first.
drop function if exists updraft_change_tasks(bigint[], int[], text[], text[], int[],
                                             timestamptz[], timestamptz[], text[]);
create or replace function updraft_change_tasks(
    p_ids          bigint[],
    p_tries        int[],          -- the fence: the try number the row must have
    p_from         text[],         -- and its state
    p_to           text[],
    p_new_tries    int[],          -- the try number after; one more when a new try starts
    p_next_try_at  timestamptz[],  -- when an up_for_retry or up_for_reschedule task may run again
    p_at           timestamptz[],
    p_workers      text[],         -- the worker that takes the task, for running; else null
    p_via          text[]          -- the state passed through on the way; null (or a null array): none
)
returns table (change_no int, task task_instance)
language plpgsql
-- Each statement planned once per session, for any arrays: PostgreSQL would otherwise plan it anew
-- for the values of each call, which cost ten times the statement (0.26 against 0.07 ms a call).
set plan_cache_mode = force_generic_plan
-- Index scans only, as in updraft_admit: a plan kept from when task_instance looked empty (a new
-- database) would otherwise scan the whole table on every later call, however large it grew.
set enable_bitmapscan = off
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    v_bad       record;
    v_allowed   boolean;
    v_rounds    int;
    -- The changes of the round being applied, and their positions in the p_ arrays (null: the same)
    v_ids       bigint[] := p_ids;
    v_tries     int[] := p_tries;
    v_from      text[] := p_from;
    v_to        text[] := p_to;
    v_new_tries int[] := p_new_tries;
    v_next      timestamptz[] := p_next_try_at;
    v_at        timestamptz[] := p_at;
    v_workers   text[] := p_workers;
    v_via       text[] := p_via;
    v_positions int[];
begin
    -- Nearly always every change is allowed and no row is given twice (one round): one change
    -- checked without a statement, several with one.
    if coalesce(array_length(p_ids, 1), 0) <= 1 then
        v_allowed := coalesce(updraft_transition_allowed(p_from[1], coalesce(p_via[1], p_to[1]))
                              and (p_via[1] is null
                                   or updraft_transition_allowed(p_via[1], p_to[1])), true);
        v_rounds := coalesce(array_length(p_ids, 1), 0);
    else
        select bool_and(updraft_transition_allowed(i.f, coalesce(i.v, i.t))
                        and (i.v is null or updraft_transition_allowed(i.v, i.t))),
               case when count(*) = count(distinct i.id) then 1 end
          into v_allowed, v_rounds
          from unnest(p_ids, p_from, p_to, p_via) as i(id, f, t, v);
    end if;
    if not v_allowed then
        select s.f, s.t into v_bad
          from unnest(p_from, p_to, p_via) with ordinality as i(f, t, v, n)
               cross join lateral (values (1, i.f, coalesce(i.v, i.t)), (2, i.v, i.t)) as s(k, f, t)
         where s.f is not null and not updraft_transition_allowed(s.f, s.t)
         order by i.n, s.k
         limit 1;
        raise exception 'A task instance cannot go from % to %', v_bad.f, v_bad.t
              using errcode = 'check_violation';
    end if;
    if v_rounds is null then
        select max(x.c) into v_rounds
          from (select count(*) as c from unnest(p_ids) as i(id) group by i.id) x;
    end if;
    for v_round in 1 .. v_rounds loop
        if v_rounds > 1 then
            -- Round k: the k-th change of each row given more than once, the first of the others.
            select array_agg(r.id order by r.n), array_agg(r.try_number order by r.n),
                   array_agg(r.from_state order by r.n), array_agg(r.to_state order by r.n),
                   array_agg(r.new_try order by r.n), array_agg(r.next_try_at order by r.n),
                   array_agg(r.at order by r.n), array_agg(r.worker order by r.n),
                   array_agg(r.via order by r.n), array_agg(r.n::int order by r.n)
              into v_ids, v_tries, v_from, v_to, v_new_tries, v_next, v_at, v_workers, v_via,
                   v_positions
              from (select i.*, row_number() over (partition by i.id order by i.n) as round
                      from unnest(p_ids, p_tries, p_from, p_to, p_new_tries, p_next_try_at, p_at,
                                  p_workers, p_via)
                           with ordinality as i(id, try_number, from_state, to_state, new_try,
                                                next_try_at, at, worker, via, n)) r
             where r.round = v_round;
        end if;
        return query
        -- The update's condition counts these rows, which runs the locking to its end before the
        -- first row changes (a plain join would let the planner pick the order).
        with locked as materialized (
            select t.id from task_instance t where t.id = any(p_ids) order by t.id for update
        ),
        applied as (
            update task_instance t set
                state = m.to_state,
                try_number = m.new_try,
                next_try_at = m.next_try_at,
                updated_at = m.at,
                queued_at = case when 'queued' in (m.to_state, m.via) then m.at
                                 else t.queued_at end,
                -- A cleared task (to none with a new try) starts afresh.
                start_date = case when m.to_state = 'running' then m.at
                                  when m.to_state = 'none' and m.new_try > m.try_number then null
                                  else t.start_date end,
                heartbeat_at = case when m.to_state = 'running' then m.at else t.heartbeat_at end,
                worker = case when m.to_state = 'running' then m.worker else t.worker end,
                end_date = case when m.to_state = 'running' then null
                                when m.to_state = 'none' and m.new_try > m.try_number then null
                                when m.to_state in ('success', 'failed', 'upstream_failed',
                                                    'skipped') then m.at
                                else t.end_date end
              from unnest(v_ids, v_tries, v_from, v_to, v_new_tries, v_next, v_at, v_workers,
                          v_via)
                   with ordinality as m(id, try_number, from_state, to_state, new_try,
                                        next_try_at, at, worker, via, n)
             where t.id = m.id and t.try_number = m.try_number and t.state = m.from_state
               and (select count(*) from locked) >= 0
            returning coalesce(v_positions[m.n], m.n) as n, t as after, m.from_state,
                      m.to_state, m.via, m.worker, m.at, m.next_try_at
        ),
        history as (
            insert into task_instance_history
                (task_instance_id, try_number, from_state, to_state, worker, changed_at)
            select (a.after).id, (a.after).try_number, s.from_state, s.to_state, s.worker, a.at
              from applied a
                   cross join lateral (values (1, a.from_state, coalesce(a.via, a.to_state),
                                               case when a.via is null then a.worker end),
                                              (2, a.via, a.to_state, a.worker))
                        as s(step, from_state, to_state, worker)
             where s.step = 1 or a.via is not null
             order by a.n, s.step
        ),
        -- The next run of a rescheduled try overwrites the row's start date: each run's start is
        -- kept here, so the first still says when the try began.
        reschedules as (
            insert into task_reschedule
                (task_instance_id, try_number, start_date, end_date, reschedule_date)
            select (a.after).id, (a.after).try_number, coalesce((a.after).start_date, a.at),
                   a.at, coalesce(a.next_try_at, a.at)
              from applied a where a.to_state = 'up_for_reschedule' order by a.n
        )
        select a.n::int, a.after from applied a order by a.n;
    end loop;
end;
$$;

-- The locks every actor that queues takes before it touches a task row: the pools, by name, then
-- the DAGs (advisory locks), by id. Two actors queueing into one pool take turns instead of both
-- seeing its last free slot, and never deadlock.
create or replace function updraft_lock_pools_and_dags(p_pools text[], p_dags text[])
returns void
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
begin
    perform 1 from pool p where p.pool = any(p_pools) order by p.pool for update;
    perform pg_advisory_xact_lock(hashtext('tasks:' || x.d))
       from (select distinct u.d from unnest(p_dags) as u(d) order by u.d) x;
end;
$$;

-- The locks updraft_admit needs for the tasks p_ids.
create or replace function updraft_lock_admission(p_ids bigint[])
returns void
language plpgsql
set enable_seqscan = off
as $$
begin
    perform updraft_lock_pools_and_dags(
        array(select distinct coalesce(t.pool, 'default_pool')::text
                from task_instance t where t.id = any(p_ids)),
        array(select distinct t.dag_id::text from task_instance t where t.id = any(p_ids)));
end;
$$;

-- Admission, the limits on queueing: which of the tasks p_ids, each asking for a slot, fit their
-- pool's slots, their DAG's max_active_tasks and their task's own max_active_tis_per_dag (when it
-- has one), heaviest priority weight first, then by id.
-- p_max_active is the DAG's limit when the caller has its one DAG at hand; null reads each DAG's
-- own (DagStructure's default of 16 when it has none). The caller holds the locks of
-- updraft_lock_pools_and_dags and has applied its transaction's other changes first (a finished
-- task frees its slot). A task of a pool that does not exist never fits (pool_exists false).
-- One row per task, with what the caller reports of it, in the order decided.
-- A changed return type cannot be replaced in place: the old function is dropped first.
drop function if exists updraft_admit(bigint[], int);
create or replace function updraft_admit(p_ids bigint[], p_max_active int)
returns table (id bigint, task_id text, try_number int, queue text, pool text,
               priority_weight int, max_tries int, admitted boolean, pool_exists boolean)
language plpgsql
-- Small statements over one row at a time: planned once per session, as in updraft_change_tasks.
set plan_cache_mode = force_generic_plan
-- Index scans only. Every state change leaves a dead entry in the state index until vacuum: a
-- bitmap scan visits them all on every count, while a plain index scan marks them dead once and
-- skips them after. And a table that was empty when last analyzed (a new database) would get
-- sequential scans, which cost more with every run until autovacuum catches up.
set enable_bitmapscan = off
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
    -- The room is counted once per pool and DAG met, then kept in step with the decisions: a
    -- run's start looks at thousands of tasks, and stays a handful of statements.
    v_pools       text[] := '{}';
    v_pool_free   int[] := '{}';
    v_pool_known  boolean[] := '{}';
    v_dags        text[] := '{}';
    v_dag_free    int[] := '{}';
    -- A task's own limit, by DAG and task id, for the tasks that have one only.
    v_tasks       text[] := '{}';
    v_task_free   int[] := '{}';
    v_t           int;
    v_p           int;
    v_d           int;
    v_slots       int;
    v_taken       bigint;
    v_dag_room    bigint;
    d             record;
begin
    for d in
        select t.id, t.task_id::text as task_id, t.try_number, t.queue::text as queue,
               coalesce(t.pool, 'default_pool')::text as pool,
               coalesce(t.priority_weight, 1) as priority_weight, t.max_tries,
               t.dag_id::text as dag_id, t.max_active_tis_per_dag
          from task_instance t
         where t.id = any(p_ids)
         order by coalesce(t.priority_weight, 1) desc, t.id
    loop
        v_p := array_position(v_pools, d.pool);
        v_d := array_position(v_dags, d.dag_id);
        if v_p is null or v_d is null then
            -- The pool's and the DAG's room in one statement, whichever of the two is new.
            select (select s.slots from pool s where s.pool = d.pool),
                   count(*) filter (where o.pool = d.pool),
                   coalesce(p_max_active,
                            (select (g.structure->>'max_active_tasks')::int
                               from dag g where g.dag_id = d.dag_id),
                            16)
                   - count(*) filter (where o.dag_id = d.dag_id)
              into v_slots, v_taken, v_dag_room
              from task_instance o
             where o.state in ('queued', 'running')
               and (o.pool = d.pool or o.dag_id = d.dag_id);
            if v_p is null then
                v_pools := v_pools || d.pool;
                v_pool_known := v_pool_known || (v_slots is not null);
                v_pool_free := v_pool_free || (coalesce(v_slots, 0) - v_taken)::int;
                v_p := array_length(v_pools, 1);
            end if;
            if v_d is null then
                v_dags := v_dags || d.dag_id;
                v_dag_free := v_dag_free || v_dag_room::int;
                v_d := array_length(v_dags, 1);
            end if;
        end if;
        v_t := null;
        if d.max_active_tis_per_dag is not null then
            v_t := array_position(v_tasks, d.dag_id || '.' || d.task_id);
            if v_t is null then
                v_tasks := v_tasks || (d.dag_id || '.' || d.task_id);
                v_task_free := v_task_free
                               || (d.max_active_tis_per_dag
                                   - (select count(*) from task_instance o
                                       where o.state in ('queued', 'running')
                                         and o.dag_id = d.dag_id and o.task_id = d.task_id))::int;
                v_t := array_length(v_tasks, 1);
            end if;
        end if;
        id := d.id;
        task_id := d.task_id;
        try_number := d.try_number;
        queue := d.queue;
        pool := d.pool;
        priority_weight := d.priority_weight;
        max_tries := d.max_tries;
        pool_exists := v_pool_known[v_p];
        admitted := v_pool_free[v_p] > 0 and v_dag_free[v_d] > 0
                    and (v_t is null or v_task_free[v_t] > 0);
        if admitted then
            v_pool_free[v_p] := v_pool_free[v_p] - 1;
            v_dag_free[v_d] := v_dag_free[v_d] - 1;
            if v_t is not null then
                v_task_free[v_t] := v_task_free[v_t] - 1;
            end if;
        end if;
        return next;
    end loop;
end;
$$;
-- [jooq ignore stop]
