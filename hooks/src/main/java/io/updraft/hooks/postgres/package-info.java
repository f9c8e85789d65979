/**
 * PostgreSQL: a hook over a HikariCP pool per connection (SQL operators and sensors come from
 * {@code io.updraft.hooks.sql}).
 */
package io.updraft.hooks.postgres;
