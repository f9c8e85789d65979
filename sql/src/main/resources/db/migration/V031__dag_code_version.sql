-- DAG jars deployed to a DAGs folder without a restart. code_version is the SHA-256 of the jar a
-- DAG was loaded from (null: the class path). A run records the version it was created from, so that
-- workers run all its tasks with that code even after the jar was replaced. A DAG whose jar left
-- the folder is inactive: no longer scheduled, its runs and history kept.

alter table dag add column code_version varchar(64);
alter table dag add column is_active boolean not null default true;
alter table dag_run add column code_version varchar(64);
