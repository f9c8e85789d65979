package io.updraft.core.queue;

/** A message handed to one consumer, to be acknowledged once its try is recorded. */
public record Delivery(String queue, String messageId, TaskMessage message) {}
