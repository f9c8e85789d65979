/** PostgreSQL: the connection pool and migrations, and the stores behind core's ports. */
package io.updraft.sql;
