/**
 * SQL on any database (Airflow's common.sql): the hook interface SQL operators need, the shared
 * pool settings and login checks, the SQL operator and the SQL sensor.
 */
package io.updraft.hooks.sql;
