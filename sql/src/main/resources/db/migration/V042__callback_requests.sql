-- Callback requests (Airflow's callback_request), the one durable outbox of every callback the
-- scheduler calls: a run that finished, a deadline missed, a task the scheduler failed or put up
-- for retry. Each request is written in the transaction that made it due and names what it is
-- about by ids only (the payload never holds a secret). A scheduler claims it (skip locked), calls
-- the callback outside any state transaction and deletes it; a callback that throws leaves it with
-- its error, never tried again; a claim whose scheduler died is taken again once stale, a few
-- times at most. Replaces dag_run_callback (V038), whose pending and failed rows move here.
create table callback_request (
    id          bigint generated always as identity primary key,
    kind        varchar(50)  not null,
    dag_run_id  bigint       not null references dag_run (id) on delete cascade,
    payload     jsonb        not null default '{}',
    created_at  timestamptz  not null default current_timestamp,
    claimed_at  timestamptz,
    claimed_by  varchar(250),
    attempts    integer      not null default 0,
    done_at     timestamptz,
    error       varchar(2000)
);

-- What a scheduler claims: requests not done yet.
create index callback_request_pending_idx on callback_request (id) where done_at is null;

-- [jooq ignore start]
insert into callback_request (kind, dag_run_id, payload, created_at, claimed_at, claimed_by,
                              done_at, error)
select 'run_finished', dag_run_id, jsonb_build_object('state', state), created_at, claimed_at,
       claimed_by, done_at, error
from dag_run_callback
order by id;

-- The trigger of V038 (dag_run_finished) stays; its function now writes here.
create or replace function dag_run_callback_requested() returns trigger
language plpgsql
as $$
begin
    insert into callback_request (kind, dag_run_id, payload)
    values ('run_finished', new.id, jsonb_build_object('state', new.state));
    return new;
end;
$$;

-- A miss is recorded once (deadline_miss_once), so its callback is asked for once, in the same
-- transaction: a scheduler that dies between the two cannot lose it.
create or replace function deadline_miss_callback_requested() returns trigger
language plpgsql
as $$
begin
    insert into callback_request (kind, dag_run_id, payload)
    values ('deadline_miss', new.dag_run_id, jsonb_build_object('deadline_miss_id', new.id));
    return new;
end;
$$;

create trigger deadline_missed
    after insert on deadline_miss
    for each row
    execute function deadline_miss_callback_requested();
-- [jooq ignore stop]

drop table dag_run_callback;
