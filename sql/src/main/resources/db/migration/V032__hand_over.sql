-- A task's success and what it makes ready, in one round trip and one commit: the next task of a
-- chain starts about as soon as PostgreSQL has committed. Done in the database, as graphile-worker
-- and Que do their job transitions, because each statement sent from the worker costs a round
-- trip: the same work as separate statements took ten of them.
--
-- Only for downstream tasks whose trigger rule is all_success (the worker checks that): such a
-- task is ready exactly when every upstream task succeeded. The rules are the fenced update's
-- (PostgresTaskChanges) and the admission's (PostgresAdmission): locks in the order pools, DAG,
-- task rows; a ready task without room in its pool or DAG waits as scheduled; a history row per
-- change. Returns the outcome first ('recorded', or 'missed' when its fence did not match and
-- nothing changed), then one row per downstream task: 'running' (claimed by p_worker), 'queued',
-- 'scheduled' (no room), or 'waiting' (not ready, or not in state none).
--
-- [jooq ignore start]
create or replace function updraft_hand_over(
    p_run         bigint,
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
as $$
#variable_conflict use_column
declare
    v_dag         text;
    v_run_state   text;
    v_slots       int;
    v_pool_used   int;
    v_dag_used    int;
    v_ready       boolean;
    v_taken       boolean := p_worker is null;
    d             record;
begin
    select r.dag_id, r.state into v_dag, v_run_state from dag_run r where r.id = p_run;

    -- Pools, then the DAG, as every actor that queues takes them.
    perform 1 from pool p
     where p.pool in (select coalesce(t.pool, 'default_pool') from task_instance t
                       where t.dag_run_id = p_run and t.task_id = any(p_down))
     order by p.pool for update;
    perform pg_advisory_xact_lock(hashtext('tasks:' || v_dag));

    update task_instance t set state = 'success', next_try_at = null, updated_at = p_at,
                               end_date = p_at
     where t.id = p_ti and t.try_number = p_try and t.state = 'running';
    if not found then
        return query select 'missed', p_ti, null::text, p_try, null::text, null::text, null::int,
                            null::int;
        return;
    end if;
    insert into task_instance_history (task_instance_id, try_number, from_state, to_state,
                                       worker, changed_at)
    values (p_ti, p_try, 'running', 'success', null, p_at);
    if p_log is not null then
        insert into task_log (task_instance_id, try_number, chunk) values (p_ti, p_try, p_log);
    end if;
    return query select 'recorded', p_ti, null::text, p_try, null::text, null::text, null::int,
                        null::int;
    if v_run_state is distinct from 'running' then
        return; -- a run marked or timed out meanwhile queues nothing more
    end if;

    -- The downstream rows, locked in id order; then admitted heaviest first.
    perform 1 from task_instance t
     where t.dag_run_id = p_run and t.task_id = any(p_down) order by t.id for update;
    for d in
        select t.id, t.task_id::text as task_id, t.state, t.try_number, t.queue::text as queue,
               coalesce(t.pool, 'default_pool')::text as pool,
               coalesce(t.priority_weight, 1) as weight, t.max_tries
          from task_instance t
         where t.dag_run_id = p_run and t.task_id = any(p_down)
         order by coalesce(t.priority_weight, 1) desc, t.id
    loop
        -- A fresh snapshot: the pool and DAG locks make a concurrent upstream's commit visible.
        select bool_and(u.state = 'success') into v_ready
          from unnest(p_pair_down, p_pair_up) as p(down, up)
          join task_instance u on u.dag_run_id = p_run and u.task_id = p.up
         where p.down = d.task_id;
        if d.state <> 'none' or not coalesce(v_ready, false) then
            return query select 'waiting', d.id, d.task_id, d.try_number, d.queue, d.pool,
                                d.weight, d.max_tries;
            continue;
        end if;

        select p.slots into v_slots from pool p where p.pool = d.pool;
        v_slots := coalesce(v_slots, case when d.pool = 'default_pool' then 128 else 0 end);
        select count(*) filter (where t.pool = d.pool),
               count(*) filter (where t.dag_id = v_dag)
          into v_pool_used, v_dag_used
          from task_instance t
         where t.state in ('queued', 'running') and (t.pool = d.pool or t.dag_id = v_dag);

        if v_pool_used >= v_slots or v_dag_used >= p_max_active then
            update task_instance t set state = 'scheduled', updated_at = p_at
             where t.id = d.id;
            insert into task_instance_history (task_instance_id, try_number, from_state,
                                               to_state, worker, changed_at)
            values (d.id, d.try_number, 'none', 'scheduled', null, p_at);
            return query select 'scheduled', d.id, d.task_id, d.try_number, d.queue, d.pool,
                                d.weight, d.max_tries;
            continue;
        end if;

        update task_instance t set state = 'queued', queued_at = p_at, updated_at = p_at,
                                   next_try_at = null
         where t.id = d.id;
        insert into task_instance_history (task_instance_id, try_number, from_state, to_state,
                                           worker, changed_at)
        values (d.id, d.try_number, 'none', 'queued', null, p_at);

        if not v_taken and d.task_id = any(p_takeable) then
            v_taken := true;
            update task_instance t set state = 'running', start_date = p_at, heartbeat_at = p_at,
                                       worker = p_worker, end_date = null
             where t.id = d.id;
            insert into task_instance_history (task_instance_id, try_number, from_state,
                                               to_state, worker, changed_at)
            values (d.id, d.try_number, 'queued', 'running', p_worker, p_at);
            return query select 'running', d.id, d.task_id, d.try_number, d.queue, d.pool,
                                d.weight, d.max_tries;
        else
            return query select 'queued', d.id, d.task_id, d.try_number, d.queue, d.pool,
                                d.weight, d.max_tries;
        end if;
    end loop;
end;
$$;
-- [jooq ignore stop]
