-- Dynamic task mapping: a mapped task has one instance per value, told apart by map_index (from
-- 0). An unmapped task's one instance has -1, as has a mapped task's single instance before it is
-- expanded (Airflow's convention).
alter table task_instance add column map_index int not null default -1;
alter table task_instance drop constraint task_instance_dag_run_id_task_id_key;
alter table task_instance
    add constraint task_instance_dag_run_id_task_id_map_index_key
    unique (dag_run_id, task_id, map_index);

-- Each instance of a mapped task pushes its own values; a pull of the task reads them as one list.
alter table xcom add column map_index int not null default -1;
-- The key's constraint has PostgreSQL's name, which the H2 that generates jOOQ's classes lacks.
-- [jooq ignore start]
alter table xcom drop constraint xcom_pkey;
alter table xcom add constraint xcom_pkey primary key (dag_run_id, task_id, map_index, key);
-- [jooq ignore stop]
