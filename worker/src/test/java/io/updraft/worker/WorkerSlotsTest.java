package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerSlotsTest {
  @Test
  void an_idle_worker_has_all_its_slots_free_even_while_the_loop_reserves_them() throws Exception {
    WorkerSlots slots = new WorkerSlots(3);
    assertThat(slots.free()).isEqualTo(3);

    assertThat(slots.reserveAllFree()).isEqualTo(3);
    assertThat(slots.free()).isEqualTo(3);

    slots.endReserving(0);
    assertThat(slots.free()).isEqualTo(3);
    assertThat(slots.running()).isZero();
  }

  @Test
  void slots_kept_for_delivered_messages_stay_taken_until_their_outcome_is_recorded()
      throws Exception {
    WorkerSlots slots = new WorkerSlots(3);
    slots.reserveAllFree();
    slots.endReserving(2);
    assertThat(slots.free()).isEqualTo(1);

    slots.startRunning();
    slots.startRunning();
    assertThat(slots.running()).isEqualTo(2);

    slots.finishRunning();
    assertThat(slots.running()).isEqualTo(1);
    assertThat(slots.free()).as("a finished try waits to be recorded").isEqualTo(1);

    slots.recorded(1, 0);
    assertThat(slots.free()).isEqualTo(2);

    slots.abandonRunning();
    assertThat(slots.running()).isZero();
    assertThat(slots.free()).isEqualTo(3);
  }

  @Test
  void a_recorded_try_hands_its_slot_to_the_task_it_made_ready() throws Exception {
    WorkerSlots slots = new WorkerSlots(2);
    slots.reserveAllFree();
    slots.endReserving(2);
    slots.startRunning();
    slots.startRunning();
    slots.finishRunning();
    slots.finishRunning();

    slots.recorded(2, 1);
    slots.startRunning();

    assertThat(slots.running()).isEqualTo(1);
    assertThat(slots.free()).isEqualTo(1);
    assertThat(slots.reserveAllFree()).as("only the slot not handed over").isEqualTo(1);
  }

  @Test
  void the_loop_waits_for_a_slot_and_is_woken_by_an_interrupt_when_the_worker_stops()
      throws Exception {
    WorkerSlots slots = new WorkerSlots(1);
    slots.reserveAllFree();
    slots.endReserving(1);
    AtomicInteger outcome = new AtomicInteger(-1);
    Thread loop =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.set(slots.reserveAllFree());
                  } catch (InterruptedException e) {
                    outcome.set(0);
                  }
                });

    loop.join(200);
    assertThat(loop.isAlive()).as("no slot is free").isTrue();
    loop.interrupt();
    loop.join(5_000);

    assertThat(outcome.get()).isZero();
    assertThat(slots.free()).isZero();
  }

  @Test
  void shutdown_waits_until_no_try_is_running_or_gives_up_after_its_timeout() throws Exception {
    WorkerSlots slots = new WorkerSlots(1);
    slots.reserveAllFree();
    slots.endReserving(1);
    slots.startRunning();

    assertThat(slots.awaitNoneRunning(Duration.ofMillis(50))).isFalse();

    Thread.ofPlatform().start(slots::finishRunning);
    assertThat(slots.awaitNoneRunning(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void tries_finishing_on_several_threads_while_the_loop_reserves_never_overrun_the_slots()
      throws Exception {
    int total = 4;
    int tries = 20_000;
    WorkerSlots slots = new WorkerSlots(total);
    AtomicInteger onSlots = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    BlockingQueue<Integer> started = new LinkedBlockingQueue<>();
    ExecutorService tasks = Executors.newFixedThreadPool(8);
    List<Future<?>> ran = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      ran.add(
          tasks.submit(
              () -> {
                for (Integer n = started.take(); n >= 0; n = started.take()) {
                  most.accumulateAndGet(onSlots.incrementAndGet(), Math::max);
                  onSlots.decrementAndGet();
                  if (n % 3 == 0) {
                    slots.abandonRunning();
                  } else {
                    slots.finishRunning();
                    slots.recorded(1, 0);
                  }
                }
                return null;
              }));
    }

    int n = 0;
    while (n < tries) {
      int taken = slots.reserveAllFree();
      assertThat(slots.free()).isBetween(0, total);
      int kept = Math.min(taken, Math.max(1, taken / 2));
      slots.endReserving(kept);
      for (int k = 0; k < kept; k++) {
        slots.startRunning();
        started.add(n++);
      }
    }
    for (int t = 0; t < 8; t++) {
      started.add(-1);
    }
    for (Future<?> f : ran) {
      f.get(30, TimeUnit.SECONDS);
    }
    tasks.shutdown();

    assertThat(most.get()).isLessThanOrEqualTo(total);
    assertThat(slots.running()).isZero();
    assertThat(slots.free()).isEqualTo(total);
    assertThat(slots.reserveAllFree()).as("no slot was lost nor made up").isEqualTo(total);
  }
}
