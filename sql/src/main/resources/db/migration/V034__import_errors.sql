-- DAG files that did not load (Airflow's import_error): a jar of the DAGs folder that does not
-- load, or the class path's DAGs that do not. One row per file, written by the schedulers each
-- time their DAGs change: replaced when the file fails anew, deleted when it loads or leaves the
-- folder. code_version is the SHA-256 of the jar version that failed (null: the class path).
create table import_error (
    id           bigint generated always as identity primary key,
    filename     varchar(1000) not null unique,
    code_version varchar(64),
    message      text          not null,
    recorded_at  timestamptz   not null
);
