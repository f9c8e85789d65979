package io.updraft.worker;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.updraft.core.secrets.SecretMasker;

/**
 * logback's pattern layout with every secret fetched in this process masked. It masks the whole
 * formatted line, so the message, its arguments and the stack trace of an exception pass the masker
 * together, whatever the pattern prints. The process log's appender uses it (cli's
 * ProcessLogConfigurator).
 */
public final class MaskingPatternLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return SecretMasker.maskEverywhere(super.doLayout(event));
  }
}
