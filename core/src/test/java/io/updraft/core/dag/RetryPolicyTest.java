package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void a_fixed_delay_is_the_same_after_every_failure() {
    RetryPolicy policy = RetryPolicy.fixed(3, Duration.ofSeconds(30));

    assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void exponential_backoff_doubles_the_delay_up_to_the_maximum() {
    RetryPolicy policy =
        new RetryPolicy(10, Duration.ofSeconds(10), true, Duration.ofSeconds(60), 0);

    assertThat(policy.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.delayAfter(4, 0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.delayAfter(1000, 0)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void without_a_maximum_backoff_stops_at_a_day() {
    RetryPolicy policy = new RetryPolicy(100, Duration.ofMinutes(5), true, null, 0);

    assertThat(policy.delayAfter(60, 0)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void jitter_shortens_the_delay_by_at_most_its_fraction() {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(100), false, null, 0.2);

    assertThat(policy.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(100));
    assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.delayAfter(1, 0.999999)).isGreaterThan(Duration.ofSeconds(80));
  }

  @Test
  void there_is_no_next_try_once_the_retries_are_used_up() {
    RetryPolicy policy = RetryPolicy.fixed(2, Duration.ofSeconds(5));

    assertThat(policy.nextTryAt(T, 1, 0)).contains(T.plusSeconds(5));
    assertThat(policy.nextTryAt(T, 2, 0)).contains(T.plusSeconds(5));
    assertThat(policy.nextTryAt(T, 3, 0)).isEmpty();
  }

  @Test
  void a_task_takes_its_policy_from_its_settings_over_the_dag_defaults() {
    Dag dag =
        Dag.builder("retrying")
            .defaultRetries(2)
            .defaultRetryDelay(Duration.ofSeconds(7))
            .task(Task.java("a", ctx -> null))
            .task(
                Task.java("b", ctx -> null)
                    .retries(5)
                    .retryExponentialBackoff(true)
                    .maxRetryDelay(Duration.ofMinutes(1))
                    .retryJitter(0.1))
            .build();

    assertThat(dag.retryPolicyOf(dag.task("a").orElseThrow()))
        .isEqualTo(RetryPolicy.fixed(2, Duration.ofSeconds(7)));
    assertThat(dag.retryPolicyOf(dag.task("b").orElseThrow()))
        .isEqualTo(new RetryPolicy(5, Duration.ofSeconds(7), true, Duration.ofMinutes(1), 0.1));
  }

  @Test
  void a_jitter_outside_zero_to_one_is_rejected_with_the_task_named() {
    assertThatThrownBy(() -> Task.java("t", ctx -> null).retryJitter(1.5))
        .hasMessageContaining("Task 't'")
        .hasMessageContaining("1.5");
  }
}
