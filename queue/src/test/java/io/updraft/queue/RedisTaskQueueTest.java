package io.updraft.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.TaskQueue;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

@ExtendWith(RedisExtension.class)
class RedisTaskQueueTest extends TaskQueueContract {
  private RedisClient redis;
  private String stream;

  @Override
  protected TaskQueue createQueue(Duration redeliverAfter) {
    return new RedisTaskQueue(
        RedisClients.create(RedisExtension.url(), clientName()),
        RedisExtension.namespace(),
        redeliverAfter);
  }

  private static String clientName() {
    return "updraft-" + RedisExtension.namespace();
  }

  @BeforeEach
  void connect() {
    redis = RedisClients.create(RedisExtension.url());
    stream = RedisExtension.namespace() + ":queue:q";
  }

  @AfterEach
  void disconnect() {
    redis.close();
  }

  @Test
  void each_queue_is_a_stream_under_the_namespace() {
    queue.push(List.of(message(1, "q")));

    assertThat(redis.xlen(stream)).isEqualTo(1);
    assertThat(redis.xinfoGroups(stream)).extracting(g -> g.getName()).containsExactly("workers");
  }

  @Test
  void an_acked_message_is_deleted_from_its_stream() {
    queue.push(List.of(message(1, "q")));
    queue.ack(queue.reserve("w1", List.of("q"), 1, Duration.ZERO).getFirst());

    assertThat(redis.xlen(stream)).isZero();
    assertThat(redis.xpending(stream, "workers").getTotal()).isZero();
  }

  @Test
  void reserve_survives_the_keys_being_flushed() {
    queue.push(List.of(message(1, "q")));
    queue.reserve("w1", List.of("q"), 1, Duration.ZERO);

    redis.del(stream);
    queue.push(List.of(message(2, "q")));

    assertThat(queue.reserve("w1", List.of("q"), 10, Duration.ZERO))
        .extracting(d -> d.message().taskInstanceId())
        .containsExactly(2L);
  }

  @Test
  void reserve_survives_the_group_being_destroyed_and_loses_no_message() {
    queue.push(List.of(message(1, "q")));
    queue.reserve("w1", List.of("q"), 1, Duration.ZERO);
    queue.push(List.of(message(2, "q")));

    redis.xgroupDestroy(stream, "workers");
    queue.push(List.of(message(3, "q")));

    // Message 1 was pending when the group went: with no record of it, it is offered again.
    assertThat(queue.reserve("w2", List.of("q"), 10, Duration.ZERO))
        .extracting(d -> d.message().taskInstanceId())
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void a_blocked_reserve_survives_the_group_being_destroyed_while_it_waits() {
    queue.reserve("w1", List.of("q"), 1, Duration.ZERO);
    CompletableFuture<List<Delivery>> waiting =
        CompletableFuture.supplyAsync(
            () -> queue.reserve("w1", List.of("q"), 5, Duration.ofSeconds(5)));
    await().until(() -> RedisConnections.anyBlocked(clientName()));

    redis.xgroupDestroy(stream, "workers");
    queue.push(List.of(message(4, "q")));

    assertThat(waiting.join()).extracting(d -> d.message().taskInstanceId()).containsExactly(4L);
  }

  @Test
  void a_malformed_entry_is_dropped_and_the_rest_delivered() {
    queue.push(List.of(message(1, "q")));
    redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("ti", "not a number"));
    queue.push(List.of(message(2, "q")));

    List<Delivery> reserved = queue.reserve("w1", List.of("q"), 10, Duration.ZERO);

    assertThat(reserved).extracting(d -> d.message().taskInstanceId()).containsExactly(1L, 2L);
    reserved.forEach(queue::ack);
    assertThat(redis.xlen(stream)).isZero();
    assertThat(redis.xpending(stream, "workers").getTotal()).isZero();
  }

  @Test
  void a_message_deleted_while_pending_is_not_delivered_again() {
    queue.push(List.of(message(1, "q")));
    Delivery delivery = queue.reserve("dies", List.of("q"), 1, Duration.ZERO).getFirst();

    redis.xdel(stream, new StreamEntryID(delivery.messageId()));

    await()
        .during(REDELIVER_AFTER.multipliedBy(3))
        .atMost(REDELIVER_AFTER.multipliedBy(10))
        .until(() -> queue.reserve("w2", List.of("q"), 10, Duration.ZERO).isEmpty());
    assertThat(redis.xpending(stream, "workers").getTotal()).isZero();
  }
}
