/** End-to-end throughput benchmark: a scheduler and a worker process on PostgreSQL and Redis. */
package io.updraft.bench;
