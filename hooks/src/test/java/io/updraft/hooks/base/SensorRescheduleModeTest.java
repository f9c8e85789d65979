package io.updraft.hooks.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.hooks.testing.TestTaskContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sensor in reschedule mode pokes once per run and never sleeps while holding its slot. */
class SensorRescheduleModeTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorSettings RESCHEDULE =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofMinutes(5))
          .withTimeout(Duration.ofHours(1))
          .withMode(SensorMode.RESCHEDULE);

  private final TestTaskContext context =
      new TestTaskContext(
          Hooks.load(ConnectionLookup.of(Map.of()), getClass().getClassLoader()),
          Instant.parse("2026-03-01T00:00:00Z"));

  @AfterEach
  void close() {
    context.close();
  }

  /** Met from its {@code metOnPoke}-th poke on, counting every poke. */
  private static final class CountingSensor extends Sensor {
    final AtomicInteger pokes = new AtomicInteger();
    private final int metOnPoke;

    CountingSensor(int metOnPoke, SensorSettings settings) {
      super(settings);
      this.metOnPoke = metOnPoke;
    }

    @Override
    public String kind() {
      return "counting_sensor";
    }

    @Override
    protected boolean poke(TaskContext ctx) {
      return pokes.incrementAndGet() >= metOnPoke;
    }

    @Override
    protected String awaited(TaskContext ctx) {
      return "the counter";
    }

    @Override
    protected Map<String, Object> describeSensor() {
      return Map.of("awaits", "the counter");
    }
  }

  private TestTaskContext startedAgo(Duration ago) {
    return context.at(Clock.fixed(NOW, ZoneOffset.UTC), NOW.minus(ago));
  }

  @Test
  void an_unmet_poke_asks_to_run_again_one_poke_interval_later() {
    CountingSensor sensor = new CountingSensor(2, RESCHEDULE);

    assertThatThrownBy(() -> sensor.execute(startedAgo(Duration.ofMinutes(10))))
        .isInstanceOfSatisfying(
            TaskRescheduleException.class,
            e -> assertThat(e.rescheduleDate()).isEqualTo(NOW.plus(Duration.ofMinutes(5))));
    assertThat(sensor.pokes).hasValue(1);
    assertThat(context.logLines).anyMatch(l -> l.startsWith("Not yet the counter"));
  }

  @Test
  void a_met_poke_ends_the_task() throws Exception {
    CountingSensor sensor = new CountingSensor(1, RESCHEDULE);

    assertThat(sensor.execute(startedAgo(Duration.ofMinutes(50)))).isNull();
    assertThat(context.logLines).contains("Sensor condition met: the counter");
  }

  @Test
  void the_timeout_counts_from_the_first_start_of_the_try() {
    CountingSensor sensor = new CountingSensor(100, RESCHEDULE);

    // 56 minutes since the try first started: the next poke would come after the hour.
    assertThatThrownBy(() -> sensor.execute(startedAgo(Duration.ofMinutes(56))))
        .isInstanceOf(SensorTimeoutException.class)
        .hasMessageContaining("Sensor timed out after PT1H")
        .hasMessageContaining("the counter");
  }

  @Test
  void with_soft_fail_a_timeout_skips() {
    CountingSensor sensor = new CountingSensor(100, RESCHEDULE.withSoftFail(true));

    assertThatThrownBy(() -> sensor.execute(startedAgo(Duration.ofHours(2))))
        .isInstanceOf(TaskSkippedException.class)
        .hasMessageContaining("soft fail");
  }

  @Test
  void the_mode_is_part_of_the_settings_and_of_the_described_structure() {
    assertThat(SensorSettings.DEFAULT.mode()).isEqualTo(SensorMode.POKE);
    assertThat(new SensorSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), true).mode())
        .isEqualTo(SensorMode.POKE);
    assertThat(new CountingSensor(1, RESCHEDULE).describe())
        .containsEntry("mode", "reschedule")
        .containsEntry("poke_interval", 300L)
        .containsEntry("timeout", 3600L)
        .containsEntry("awaits", "the counter");
    assertThat(new CountingSensor(1, null).describe()).containsEntry("mode", "poke");
  }
}
