-- The templates each try rendered and what they rendered to, secrets already masked, so that a
-- user can see what a task was given (Airflow's "Rendered Template") without reading its code.

create table rendered_field (
    task_instance_id bigint not null references task_instance (id) on delete cascade,
    try_number       int    not null,
    seq              int    not null,
    template         text   not null,
    rendered         text   not null,
    primary key (task_instance_id, try_number, seq)
);
