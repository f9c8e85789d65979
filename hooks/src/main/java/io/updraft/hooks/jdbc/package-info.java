/** JDBC: a hook for any database whose driver is on the class path, pooled per connection. */
package io.updraft.hooks.jdbc;
