/** PostgreSQL: a hook over a HikariCP pool per connection, SQL operators and a SQL sensor. */
package io.updraft.hooks.postgres;
