package io.updraft.cli.trace;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Supplier;

/**
 * Random ids, except while a run span starts: that span must carry the ids its tries' spans already
 * name as their parent ({@link RunTraceIds}), and the SDK takes a span's ids only from its id
 * generator, on the thread that starts the span.
 */
final class RunSpanIdGenerator implements IdGenerator {
  private static final IdGenerator RANDOM = IdGenerator.random();
  private final ThreadLocal<RunTraceIds> forced = new ThreadLocal<>();

  /** Starts a span with {@code ids} through {@code start}, on this thread. */
  <T> T with(RunTraceIds ids, Supplier<T> start) {
    forced.set(ids);
    try {
      return start.get();
    } finally {
      forced.remove();
    }
  }

  @Override
  public String generateSpanId() {
    RunTraceIds ids = forced.get();
    return ids == null ? RANDOM.generateSpanId() : ids.runSpanId();
  }

  @Override
  public String generateTraceId() {
    RunTraceIds ids = forced.get();
    return ids == null ? RANDOM.generateTraceId() : ids.traceId();
  }
}
