-- Runs and tasks not done by their deadline (Airflow's deadline alerts and SLA misses): one row
-- per run (task_id '') or per task of a run, written once by the scheduler that saw it first, so
-- that a DAG's callback is told once; the run goes on. Deleted with its run.
create table deadline_miss (
    id          bigint generated always as identity primary key,
    dag_run_id  bigint       not null references dag_run (id) on delete cascade,
    dag_id      varchar(250) not null,
    run_id      varchar(250) not null,
    task_id     varchar(250) not null default '',
    deadline    timestamptz  not null,
    detected_at timestamptz  not null,
    constraint deadline_miss_once unique (dag_run_id, task_id)
);

create index deadline_miss_by_dag on deadline_miss (dag_id, detected_at desc);
