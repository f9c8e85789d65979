-- DAG run callbacks (Airflow's callback_request): the change that finishes a run also inserts a
-- request here, in the same transaction, whichever path finished it (the scheduler, a worker's
-- mini scheduler, the hand-over function, a mark through the API). The scheduler claims requests
-- and runs the DAG's callback outside that transaction, then deletes the request; a failed
-- callback's request is kept with its error, never tried again.
create table dag_run_callback (
    id          bigint generated always as identity primary key,
    dag_run_id  bigint       not null references dag_run (id) on delete cascade,
    state       varchar(20)  not null,
    created_at  timestamptz  not null default current_timestamp,
    claimed_at  timestamptz,
    claimed_by  varchar(250),
    done_at     timestamptz,
    error       varchar(2000)
);

-- What the scheduler claims: requests not done yet.
create index dag_run_callback_pending_idx on dag_run_callback (id) where done_at is null;

-- [jooq ignore start]
create or replace function dag_run_callback_requested() returns trigger
language plpgsql
as $$
begin
    insert into dag_run_callback (dag_run_id, state) values (new.id, new.state);
    return new;
end;
$$;

create trigger dag_run_finished
    after update of state on dag_run
    for each row
    when (new.state in ('success', 'failed') and old.state is distinct from new.state)
    execute function dag_run_callback_requested();
-- [jooq ignore stop]
