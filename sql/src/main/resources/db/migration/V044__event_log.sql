-- The audit log (Airflow's event log): one row per change a person made through the UI, the API or
-- the command line. It holds who, what and where, never a secret value: extra is a small JSON object
-- of names and flags (a variable's key, whether a password changed), never a password or a value.
create table event_log (
    id          bigint generated always as identity primary key,
    happened_at timestamptz  not null,
    actor       varchar(250) not null,
    event       varchar(100) not null,
    dag_id      varchar(250),
    run_id      varchar(250),
    task_id     varchar(250),
    channel     varchar(10)  not null,
    source      varchar(100) not null,
    extra       text         not null default '{}'
);

-- The page lists newest first (by id) and filters by one of these; each keeps that order.
create index event_log_happened_at_idx on event_log (happened_at, id);
create index event_log_actor_idx on event_log (actor, id);
create index event_log_event_idx on event_log (event, id);
create index event_log_dag_id_idx on event_log (dag_id, id);

-- The runs page lists every DAG's runs newest logical date first, filtered by state or run type:
-- without these, each page would sort the whole history.
create index dag_run_logical_date_idx on dag_run (logical_date, id);
create index dag_run_state_logical_date_idx on dag_run (state, logical_date, id);
create index dag_run_run_type_logical_date_idx on dag_run (run_type, logical_date, id);
