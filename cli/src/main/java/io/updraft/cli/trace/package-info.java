/** OpenTelemetry traces of DAG runs and tries, exported over OTLP/HTTP when configured. */
package io.updraft.cli.trace;
