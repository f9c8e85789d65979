package io.updraft.cli.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.updraft.core.run.DagRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The trace id and the run span's id of a DAG run, derived from the run itself: the worker that
 * ends a try and the process that ends the run (often another one, later) agree on them without
 * passing any context between them.
 */
record RunTraceIds(String traceId, String runSpanId) {

  static RunTraceIds of(DagRun run) {
    byte[] digest = sha256("updraft-run\n" + run.id() + "\n" + run.dagId() + "\n" + run.runId());
    // All-zero ids are invalid in OpenTelemetry; a digest that gives one is not worth a branch
    // anywhere but here.
    digest[15] |= 1;
    digest[23] |= 1;
    HexFormat hex = HexFormat.of();
    return new RunTraceIds(hex.formatHex(digest, 0, 16), hex.formatHex(digest, 16, 24));
  }

  /** The run span as the parent of its tries' spans, which may be exported before it. */
  SpanContext runSpanAsParent() {
    return SpanContext.createFromRemoteParent(
        traceId, runSpanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
