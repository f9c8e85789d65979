package io.updraft.cli.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.updraft.core.config.TracesConfig;
import io.updraft.core.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The traces of one process: an OpenTelemetry tracer whose spans a batch processor exports over
 * OTLP/HTTP. Made only when {@code traces.otlp_endpoint} is set, so a process without it loads no
 * OpenTelemetry class and starts no thread. Closing it sends what is still queued.
 */
public final class ProcessTraces implements AutoCloseable {
  // A span reaches the collector within a second of its end; under load a batch goes as soon as
  // 512 spans wait, so the delay costs nothing then.
  private static final Duration EXPORT_DELAY = Duration.ofSeconds(1);
  private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final SdkTracerProvider provider;
  private final RunSpanIdGenerator ids = new RunSpanIdGenerator();

  private ProcessTraces(TracesConfig config) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(config.tracesUrl())
            .setHeaders(config::headers)
            .setTimeout(EXPORT_TIMEOUT)
            .build();
    // Off the task's path: span.end() only offers the span to a bounded queue, and a full queue
    // (a collector away or slow) drops the span rather than wait.
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(config.maxQueueSize())
            .setMaxExportBatchSize(Math.min(512, config.maxQueueSize()))
            .setScheduleDelay(EXPORT_DELAY)
            .build();
    this.provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, config.serviceName()))))
            .setIdGenerator(ids)
            .addSpanProcessor(batches)
            .build();
  }

  /** The traces of {@code config}, started; call only when {@link TracesConfig#isEnabled()}. */
  public static ProcessTraces start(TracesConfig config) {
    if (!config.isEnabled()) {
      throw new IllegalArgumentException("traces.otlp_endpoint is not set: no traces to start");
    }
    return new ProcessTraces(config);
  }

  /** {@code metrics}, whose runs and tries also become spans. */
  public MetricsRecorder recording(MetricsRecorder metrics) {
    return new SpanRecorder(metrics, provider.get("io.updraft"), ids);
  }

  @Override
  public void close() {
    provider.shutdown().join(EXPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
