package io.updraft.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TaskQueue} must do; each implementation's test extends it. */
public abstract class TaskQueueContract {
  protected static final Duration REDELIVER_AFTER = Duration.ofMillis(200);

  private final List<TaskQueue> opened = new ArrayList<>();
  protected TaskQueue queue;

  /** A queue whose unacked messages are redelivered after {@code redeliverAfter}. */
  protected abstract TaskQueue createQueue(Duration redeliverAfter);

  @BeforeEach
  void openQueue() {
    queue = open(REDELIVER_AFTER);
  }

  @AfterEach
  void closeQueues() {
    opened.forEach(TaskQueue::close);
  }

  protected TaskQueue open(Duration redeliverAfter) {
    TaskQueue created = createQueue(redeliverAfter);
    opened.add(created);
    return created;
  }

  protected static TaskMessage message(long taskInstanceId, String queueName) {
    return new TaskMessage(taskInstanceId, 1, "etl", "scheduled__2026-01-01", "load", queueName);
  }

  @Test
  void a_pushed_message_is_reserved_and_acked_unchanged() {
    TaskMessage sent = new TaskMessage(42, 3, "etl", "manual__2026-11-21T10:00", "extract", "q");
    queue.push(List.of(sent));

    List<Delivery> reserved = queue.reserve("w1", List.of("q"), 10, Duration.ZERO);

    assertThat(reserved).hasSize(1);
    Delivery delivery = reserved.getFirst();
    assertThat(delivery.message()).isEqualTo(sent);
    assertThat(delivery.queue()).isEqualTo("q");
    queue.ack(delivery);
    assertThat(queue.reserve("w1", List.of("q"), 10, Duration.ZERO)).isEmpty();
  }

  @Test
  void a_partial_runs_root_keeps_its_mark_and_other_messages_carry_none() {
    TaskMessage root = new TaskMessage(7, 1, "etl", "manual__x", "extract", "q", true);
    TaskMessage plain = new TaskMessage(8, 1, "etl", "manual__x", "load", "q");
    queue.push(List.of(root, plain));

    List<Delivery> reserved = queue.reserve("w1", List.of("q"), 10, Duration.ZERO);

    assertThat(reserved).extracting(Delivery::message).containsExactly(root, plain);
    assertThat(reserved.get(0).message().rootOfPartialRun()).isTrue();
    assertThat(reserved.get(1).message().rootOfPartialRun()).isFalse();
  }

  @Test
  void messages_come_out_in_the_order_they_were_pushed() {
    queue.push(LongStream.rangeClosed(1, 5).mapToObj(id -> message(id, "q")).toList());

    List<Delivery> reserved = queue.reserve("w1", List.of("q"), 10, Duration.ZERO);

    assertThat(reserved)
        .extracting(d -> d.message().taskInstanceId())
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void two_consumers_never_get_the_same_message() throws Exception {
    int count = 200;
    queue.push(LongStream.range(0, count).mapToObj(id -> message(id, "q")).toList());

    List<Delivery> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<List<Delivery>> first = pool.submit(() -> drain("w1"));
      Future<List<Delivery>> second = pool.submit(() -> drain("w2"));
      all.addAll(first.get());
      all.addAll(second.get());
    }

    assertThat(all).extracting(Delivery::messageId).doesNotHaveDuplicates();
    assertThat(all)
        .extracting(d -> d.message().taskInstanceId())
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).boxed().toList());
  }

  private List<Delivery> drain(String consumer) {
    List<Delivery> taken = new ArrayList<>();
    List<Delivery> batch;
    while (!(batch = queue.reserve(consumer, List.of("q"), 7, Duration.ofMillis(50))).isEmpty()) {
      batch.forEach(queue::ack);
      taken.addAll(batch);
    }
    return taken;
  }

  @Test
  void a_message_reserved_and_not_acked_is_redelivered_to_another_consumer() {
    TaskMessage sent = message(7, "q");
    queue.push(List.of(sent));
    assertThat(queue.reserve("dies", List.of("q"), 1, Duration.ZERO)).hasSize(1);

    assertThat(queue.reserve("survives", List.of("q"), 1, Duration.ZERO))
        .as("not before redeliverAfter")
        .isEmpty();
    List<Delivery> redelivered =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> queue.reserve("survives", List.of("q"), 1, Duration.ZERO),
                list -> !list.isEmpty());

    assertThat(redelivered).extracting(Delivery::message).containsExactly(sent);
    queue.ack(redelivered.getFirst());
  }

  @Test
  void an_acked_message_is_never_redelivered() {
    queue.push(List.of(message(8, "q")));
    queue.ack(queue.reserve("w1", List.of("q"), 1, Duration.ZERO).getFirst());

    await()
        .during(REDELIVER_AFTER.multipliedBy(4))
        .atMost(REDELIVER_AFTER.multipliedBy(10))
        .until(() -> queue.reserve("w2", List.of("q"), 10, Duration.ZERO).isEmpty());
  }

  @Test
  void messages_go_to_the_queue_they_name_and_a_consumer_reads_only_its_queues() {
    queue.push(List.of(message(1, "alpha"), message(2, "beta"), message(3, "alpha")));

    List<Delivery> beta = queue.reserve("w1", List.of("beta"), 10, Duration.ZERO);
    List<Delivery> alpha = queue.reserve("w2", List.of("alpha", "gamma"), 10, Duration.ZERO);

    assertThat(beta).extracting(d -> d.message().taskInstanceId()).containsExactly(2L);
    assertThat(beta).extracting(Delivery::queue).containsOnly("beta");
    assertThat(alpha).extracting(d -> d.message().taskInstanceId()).containsExactly(1L, 3L);
    assertThat(alpha).extracting(Delivery::queue).containsOnly("alpha");
  }

  @Test
  void reserve_returns_at_most_max_messages() {
    queue.push(LongStream.range(0, 5).mapToObj(id -> message(id, "q")).toList());
    queue.push(LongStream.range(5, 10).mapToObj(id -> message(id, "other")).toList());

    assertThat(queue.reserve("w1", List.of("q"), 2, Duration.ZERO)).hasSize(2);
    assertThat(queue.reserve("w1", List.of("q", "other"), 4, Duration.ZERO)).hasSize(4);
    assertThat(queue.reserve("w1", List.of("q", "other"), 1, Duration.ofSeconds(1))).hasSize(1);
    assertThat(queue.reserve("w1", List.of("q", "other"), 10, Duration.ZERO)).hasSize(3);
  }

  @Test
  void reserve_with_a_block_returns_empty_after_the_block_when_there_is_nothing() {
    Duration block = Duration.ofMillis(300);
    long start = System.nanoTime();

    List<Delivery> reserved = queue.reserve("w1", List.of("q", "other"), 5, block);

    assertThat(reserved).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(block.minusMillis(20));
  }

  @Test
  void a_blocked_reserve_returns_as_soon_as_a_message_is_pushed() {
    queue.reserve("w1", List.of("q"), 1, Duration.ZERO); // the queue exists before we wait on it
    long start = System.nanoTime();
    CompletableFuture<List<Delivery>> waiting =
        CompletableFuture.supplyAsync(
            () -> queue.reserve("w1", List.of("q"), 5, Duration.ofSeconds(20)));

    queue.push(List.of(message(9, "q")));

    assertThat(waiting.join()).extracting(d -> d.message().taskInstanceId()).containsExactly(9L);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void ping_is_true_while_open_and_false_once_closed() {
    TaskQueue other = open(REDELIVER_AFTER);
    assertThat(other.ping()).isTrue();

    other.close();

    assertThat(other.ping()).isFalse();
  }
}
