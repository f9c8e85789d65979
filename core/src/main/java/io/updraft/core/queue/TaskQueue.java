package io.updraft.core.queue;

import java.time.Duration;
import java.util.List;

/**
 * Delivers task messages to workers: push, reserve, ack. A reserved message that is never acked is
 * delivered again later, so a task may be offered twice; the fenced update of its task instance
 * makes sure it runs once per try.
 */
public interface TaskQueue extends AutoCloseable {
  /** Sends messages, each to the queue it names. */
  void push(List<TaskMessage> messages);

  /**
   * Takes at most {@code max} messages from the given queues for {@code consumer}, waiting up to
   * {@code block} when there are none.
   */
  List<Delivery> reserve(String consumer, List<String> queues, int max, Duration block);

  /** Confirms that a delivery was handled; it is not delivered again. */
  void ack(Delivery delivery);

  /** Confirms many deliveries at once. */
  default void ackAll(List<Delivery> deliveries) {
    deliveries.forEach(this::ack);
  }

  /** Whether the queue's server answers. */
  boolean ping();

  @Override
  void close();
}
