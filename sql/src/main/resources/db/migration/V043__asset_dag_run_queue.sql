-- The asset events each asset-scheduled DAG has not consumed yet, one row per DAG and event
-- (Airflow's asset_dag_run_queue). It replaces the per-DAG mark last_consumed_event_id: event ids
-- come from an identity column, so two producers could commit out of id order and an event could
-- become visible below a mark already moved past it, never to be consumed. A row here is queued by
-- the insert of its event, in the producer's transaction, and deleted by the run that consumes it,
-- so each event is consumed exactly once whatever the order of the commits.
create table asset_dag_run_queue (
    dag_id         varchar(250) not null,
    asset_id       bigint       not null,
    asset_event_id bigint       not null references asset_event (id) on delete cascade,
    primary key (dag_id, asset_id, asset_event_id),
    foreign key (dag_id, asset_id) references dag_schedule_asset (dag_id, asset_id)
        on delete cascade
);

-- Events past a mark are still to be consumed: they move to the queue before the marks go.
insert into asset_dag_run_queue (dag_id, asset_id, asset_event_id)
select s.dag_id, s.asset_id, e.id
from dag_schedule_asset s
join asset_event e on e.asset_id = s.asset_id and e.id > s.last_consumed_event_id;

alter table dag_schedule_asset drop column last_consumed_event_id;

-- The insert of an event finds the DAGs scheduled on its asset through this index.
create index dag_schedule_asset_asset_id_idx on dag_schedule_asset (asset_id);

-- [jooq ignore start]
-- One statement queues the events of one insert for every DAG scheduled on their assets, whatever
-- path inserted them (a task's outlets, the API): the producer's cost is one indexed insert.
create or replace function asset_event_queue_for_dags() returns trigger
language plpgsql
as $$
begin
    insert into asset_dag_run_queue (dag_id, asset_id, asset_event_id)
    select s.dag_id, s.asset_id, n.id
    from new_asset_events n
    join dag_schedule_asset s on s.asset_id = n.asset_id;
    return null;
end;
$$;

create trigger asset_event_inserted
    after insert on asset_event
    referencing new table as new_asset_events
    for each statement
    execute function asset_event_queue_for_dags();
-- [jooq ignore stop]
