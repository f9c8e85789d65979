-- Where a finished try's log went when logs.remote ships it: readers look here first, so they
-- never guess between PostgreSQL and the remote copy. A try with no row is read from task_log.
create table task_log_location (
    task_instance_id bigint        not null references task_instance (id) on delete cascade,
    try_number       int           not null,
    location         varchar(2048) not null,
    shipped_at       timestamptz   not null default now(),
    primary key (task_instance_id, try_number)
);
