-- The metastore: DAGs, runs, task instances and their history, XCom, logs, connections, variables,
-- pools and workers.
--
-- Key and indexed text columns are varchar(n), not text: jOOQ generates its classes from this file by
-- replaying it in H2, which cannot index a text column. States are the lower-case wire names of
-- core's TaskState / RunState, so the API and psql show the same words.

create table dag (
    dag_id       varchar(250) primary key,
    description  text,
    schedule     varchar(250),
    timezone     varchar(64),
    is_paused    boolean      not null default false,
    structure    jsonb        not null,
    version_hash varchar(64)  not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);

create table dag_run (
    id                  bigint generated always as identity primary key,
    dag_id              varchar(250) not null references dag (dag_id),
    run_id              varchar(250) not null,
    run_type            varchar(20)  not null,
    state               varchar(20)  not null,
    logical_date        timestamptz  not null,
    data_interval_start timestamptz,
    data_interval_end   timestamptz,
    conf                jsonb        not null default '{}',
    dag_version         varchar(64),
    queued_at           timestamptz,
    start_date          timestamptz,
    end_date            timestamptz,
    constraint dag_run_dag_id_run_id_key unique (dag_id, run_id),
    -- What makes schedules, catch-up and backfills safe to repeat.
    constraint dag_run_dag_id_logical_date_key unique (dag_id, logical_date)
);

-- The scheduler asks for active runs on every loop; finished runs are the vast majority.
create index dag_run_active_idx on dag_run (logical_date) where state in ('queued', 'running');

create table task_instance (
    id              bigint generated always as identity primary key,
    dag_run_id      bigint       not null references dag_run (id) on delete cascade,
    -- Copied from the run so that workers and the API need no join to name a task.
    dag_id          varchar(250) not null,
    run_id          varchar(250) not null,
    task_id         varchar(250) not null,
    state           varchar(20)  not null,
    try_number      int          not null default 1,
    max_tries       int          not null,
    queue           varchar(250),
    pool            varchar(250),
    priority_weight int,
    worker          varchar(250),
    queued_at       timestamptz,
    start_date      timestamptz,
    end_date        timestamptz,
    heartbeat_at    timestamptz,
    next_try_at     timestamptz,
    updated_at      timestamptz,
    constraint task_instance_dag_run_id_task_id_key unique (dag_run_id, task_id)
);

-- Finds tasks queued too long (lost messages) and running tasks by heartbeat.
create index task_instance_state_queued_at_idx on task_instance (state, queued_at);

-- One row per state change: the history of every try.
create table task_instance_history (
    id               bigint generated always as identity primary key,
    task_instance_id bigint      not null references task_instance (id) on delete cascade,
    try_number       int         not null,
    from_state       varchar(20),
    to_state         varchar(20) not null,
    worker           varchar(250),
    changed_at       timestamptz not null
);

create index task_instance_history_ti_idx on task_instance_history (task_instance_id, id);

create table xcom (
    dag_run_id bigint       not null references dag_run (id) on delete cascade,
    task_id    varchar(250) not null,
    key        varchar(250) not null,
    value      jsonb,
    created_at timestamptz  not null default now(),
    primary key (dag_run_id, task_id, key)
);

-- Logs are appended in chunks of lines so that a running task's log can be read as it grows.
create table task_log (
    id               bigint generated always as identity primary key,
    task_instance_id bigint      not null references task_instance (id) on delete cascade,
    try_number       int         not null,
    chunk            text        not null,
    created_at       timestamptz not null default now()
);

create index task_log_ti_try_idx on task_log (task_instance_id, try_number, id);

create table connection (
    conn_id      varchar(250) primary key,
    conn_type    varchar(100) not null,
    description  text,
    host         text,
    login        text,
    password     text,
    schema       text,
    port         int,
    extra        text,
    is_encrypted boolean      not null default false,
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);

create table variable (
    key          varchar(250) primary key,
    val          text,
    description  text,
    is_encrypted boolean     not null default false,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create table pool (
    pool        varchar(250) primary key,
    slots       int not null,
    description text
);

insert into pool (pool, slots, description) values ('default_pool', 128, 'Default pool');

create table worker (
    name       varchar(250) primary key,
    hostname   varchar(250),
    queues     text,
    slots      int,
    running    int,
    started_at timestamptz,
    last_seen  timestamptz
);
