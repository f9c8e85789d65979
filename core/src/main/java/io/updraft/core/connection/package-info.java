/** Connections: the record, and the URI and JSON forms Airflow users already write. */
package io.updraft.core.connection;
