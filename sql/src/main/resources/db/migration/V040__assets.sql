-- Assets (Airflow 3's assets, Airflow 2's datasets): data that tasks update and DAGs wait for,
-- named by a URI. An asset row appears when a DAG first names it or an event first comes for it.
create table asset (
    id         bigint generated always as identity primary key,
    uri        varchar(1500) not null unique,
    name       varchar(1500) not null,
    created_at timestamptz   not null
);

-- One update of an asset: by a task's success (its run and task, written in the commit that
-- records the success) or by an external producer through the API (external_by names the user).
create table asset_event (
    id               bigint generated always as identity primary key,
    asset_id         bigint       not null references asset (id),
    created_at       timestamptz  not null,
    source_dag_id    varchar(250),
    source_run_id    varchar(250),
    source_task_id   varchar(250),
    source_map_index int,
    external_by      varchar(250),
    extra            jsonb        not null default '{}'
);
create index asset_event_asset_id_id_idx on asset_event (asset_id, id);
create index asset_event_source_run_idx on asset_event (source_dag_id, source_run_id);

-- The assets a DAG is scheduled on, from its registration, and the last event of each that an
-- asset-triggered run of the DAG consumed: the DAG is due once every one of its assets has an event
-- past that mark (Airflow's asset_dag_run_queue, kept as one mark per asset).
create table dag_schedule_asset (
    dag_id                 varchar(250) not null references dag (dag_id) on delete cascade,
    asset_id               bigint       not null references asset (id),
    last_consumed_event_id bigint       not null default 0,
    primary key (dag_id, asset_id)
);

-- The events that created an asset-triggered run, for its tasks and the API.
create table dag_run_asset_event (
    dag_run_id     bigint not null references dag_run (id) on delete cascade,
    asset_event_id bigint not null references asset_event (id) on delete cascade,
    primary key (dag_run_id, asset_event_id)
);
