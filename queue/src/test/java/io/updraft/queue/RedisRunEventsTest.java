package io.updraft.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.updraft.testing.RedisExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisRunEventsTest {
  private String clientName;
  private RedisRunEvents events;

  @BeforeEach
  void open() {
    clientName = "updraft-" + RedisExtension.namespace();
    events =
        new RedisRunEvents(
            RedisClients.create(RedisExtension.url(), clientName), RedisExtension.namespace());
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void a_subscriber_receives_the_published_run_ids() {
    List<Long> received = new CopyOnWriteArrayList<>();
    events.subscribe(received::add);

    events.publish(1);
    events.publish(42);
    events.publish(Long.MAX_VALUE);

    await().untilAsserted(() -> assertThat(received).containsExactly(1L, 42L, Long.MAX_VALUE));
  }

  @Test
  void every_subscriber_receives_each_event() {
    List<Long> first = new CopyOnWriteArrayList<>();
    List<Long> second = new CopyOnWriteArrayList<>();
    events.subscribe(first::add);
    events.subscribe(second::add);

    events.publish(5);

    await().untilAsserted(() -> assertThat(first).containsExactly(5L));
    await().untilAsserted(() -> assertThat(second).containsExactly(5L));
  }

  @Test
  void closing_a_subscription_stops_its_delivery() throws Exception {
    List<Long> closed = new CopyOnWriteArrayList<>();
    List<Long> open = new CopyOnWriteArrayList<>();
    AutoCloseable subscription = events.subscribe(closed::add);
    events.subscribe(open::add);
    events.publish(1);
    await().untilAsserted(() -> assertThat(closed).containsExactly(1L));

    subscription.close();
    events.publish(2);

    // The open subscriber has seen event 2, so the closed one would have by now too.
    await().untilAsserted(() -> assertThat(open).containsExactly(1L, 2L));
    assertThat(closed).containsExactly(1L);
  }

  @Test
  void a_failing_listener_does_not_stop_later_events() {
    List<Long> received = new CopyOnWriteArrayList<>();
    events.subscribe(
        id -> {
          received.add(id);
          if (id == 1) {
            throw new IllegalStateException("listener bug");
          }
        });

    events.publish(1);
    events.publish(2);

    await().untilAsserted(() -> assertThat(received).containsExactly(1L, 2L));
  }

  @Test
  void a_subscription_comes_back_after_its_connection_is_cut() {
    List<Long> received = new CopyOnWriteArrayList<>();
    events.subscribe(received::add);

    assertThat(RedisConnections.killSubscribers(clientName)).isEqualTo(1);

    // Published until it arrives: events sent while it resubscribes are lost, by design.
    await()
        .untilAsserted(
            () -> {
              events.publish(9);
              assertThat(received).contains(9L);
            });
  }

  @Test
  void a_subscription_closed_from_its_own_listener_stops_cleanly() {
    List<Long> received = new CopyOnWriteArrayList<>();
    AutoCloseable[] self = new AutoCloseable[1];
    self[0] =
        events.subscribe(
            id -> {
              received.add(id);
              try {
                self[0].close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    events.publish(1);

    await().untilAsserted(() -> assertThat(received).containsExactly(1L));
    await().until(() -> !RedisConnections.anySubscribed(clientName));
  }

  @Test
  void publishing_never_throws_when_redis_is_unreachable() {
    try (RedisRunEvents unreachable =
        new RedisRunEvents(RedisClients.create("redis://127.0.0.1:1"), "nowhere")) {
      assertThatCode(() -> unreachable.publish(1)).doesNotThrowAnyException();
      assertThatCode(() -> unreachable.publish(2)).doesNotThrowAnyException();
    }
  }
}
