/** JMH micro-benchmarks of the hot paths: planning, secrets lookups, URI parsing, templates. */
package io.updraft.bench.jmh;
