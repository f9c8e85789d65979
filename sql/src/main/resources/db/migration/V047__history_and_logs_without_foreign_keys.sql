-- A task's history and log rows without foreign keys to its task instance. Every state change
-- writes a history row, and a try's end its log lines; each foreign-key check was a `select ... for
-- key share` of the task instance row, run once per inserted row (a tenth of PostgreSQL's time in
-- the no-op throughput benchmark). The rows are written for task instances the same statement has
-- just locked, or checked to exist, so the check proved nothing; the cascade it gave is kept by a
-- trigger: deleting task instances (directly, or through their run's cascade) deletes their history
-- and logs.
--
-- jOOQ's offline replay of the migrations (in H2) knows neither the constraint names nor the
-- trigger; the generated code is unaffected by both.

-- [jooq ignore start]
alter table task_instance_history drop constraint task_instance_history_task_instance_id_fkey;
alter table task_log drop constraint task_log_task_instance_id_fkey;

create function updraft_delete_history_and_logs() returns trigger
language plpgsql
as $$
begin
    delete from task_instance_history h using deleted d where h.task_instance_id = d.id;
    delete from task_log l using deleted d where l.task_instance_id = d.id;
    return null;
end;
$$;

-- Once per statement, with all its deleted rows: a run's purge deletes its history and logs in two
-- statements, not two per task.
create trigger task_instance_deletes_history_and_logs
    after delete on task_instance
    referencing old table as deleted
    for each statement execute function updraft_delete_history_and_logs();
-- [jooq ignore stop]
