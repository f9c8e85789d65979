-- A task's own limit on its instances queued or running at once over all its DAG's runs
-- (Airflow's max_active_tis_per_dag); null: none. Kept on each instance, as its pool is, so that
-- admission reads it from the rows it admits.
alter table task_instance add column max_active_tis_per_dag int;
