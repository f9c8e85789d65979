-- One row per reschedule of a try (Airflow's task_reschedule): a sensor in reschedule mode runs one
-- try as many short runs, freeing its worker slot in between. The try number stays the same, so
-- the row of task_instance keeps only the current run's start; the sensor's timeout counts from
-- the start of the first row of its try. Rows are written in the transaction of the fenced change
-- to up_for_reschedule; a try that is never rescheduled has none.
create table task_reschedule (
    id               bigint generated always as identity primary key,
    task_instance_id bigint      not null references task_instance (id) on delete cascade,
    try_number       int         not null,
    start_date       timestamptz not null,
    end_date         timestamptz not null,
    reschedule_date  timestamptz not null
);

create index task_reschedule_ti_try_idx on task_reschedule (task_instance_id, try_number, id);
