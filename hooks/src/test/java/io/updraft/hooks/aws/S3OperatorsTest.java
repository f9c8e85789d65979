package io.updraft.hooks.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.base.SensorTimeoutException;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.hooks.testing.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class S3OperatorsTest {
  private final String bucket = "ops-" + UUID.randomUUID().toString().substring(0, 8);
  private Hooks hooks;
  private TestTaskContext context;
  private S3Hook s3;

  @BeforeEach
  void open() {
    hooks =
        Hooks.load(
            ConnectionLookup.of(Map.of("s3", TestConnections.s3("s3"))),
            getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
    s3 = hooks.open("s3", S3Hook.class);
  }

  @AfterEach
  void close() {
    s3.close();
    context.close();
    hooks.close();
  }

  @Test
  void create_copy_list_and_delete_with_templated_names() throws Exception {
    new S3CreateBucketOperator("s3", bucket).execute(context);
    new S3CreateBucketOperator("s3", bucket).execute(context);
    s3.putString(bucket, "in/2026-03-01.csv", "a,b");

    Object target =
        new S3CopyObjectOperator("s3", bucket, "in/{{ ds }}.csv", bucket, "out/{{ ds_nodash }}.csv")
            .execute(context);
    Object listed = new S3ListOperator("s3", bucket, "out/", null).execute(context);
    Object deleted = new S3DeleteObjectsOperator("s3", bucket, null, "in/").execute(context);

    assertThat(target).isEqualTo("s3://" + bucket + "/out/20260301.csv");
    assertThat(listed).isEqualTo(List.of("out/20260301.csv"));
    assertThat(deleted).isEqualTo(1);
    assertThat(s3.listKeys(bucket, "")).containsExactly("out/20260301.csv");
    assertThat(context.logLines).contains("Bucket " + bucket + " already exists");
  }

  @Test
  void the_key_sensor_waits_for_a_key_matching_a_wildcard() throws Exception {
    s3.createBucket(bucket);
    var sensor =
        new S3KeySensor(
            "s3",
            bucket,
            "data/{{ ds }}/*.csv",
            true,
            new SensorSettings(Duration.ofMillis(20), Duration.ofSeconds(20), false));
    CompletableFuture<Object> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sensor.execute(context);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> context.logLines.stream().anyMatch(l -> l.startsWith("Poke 2")));

    s3.putString(bucket, "data/2026-03-01/part-0.csv", "x");

    waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(context.logLines).anyMatch(l -> l.contains("condition met"));
  }

  @Test
  void the_key_sensor_times_out_naming_the_key() {
    s3.createBucket(bucket);
    var sensor =
        new S3KeySensor(
            "s3",
            bucket,
            "missing/{{ ds }}.csv",
            false,
            new SensorSettings(Duration.ofMillis(20), Duration.ofMillis(50), false));

    assertThatThrownBy(() -> sensor.execute(context))
        .isInstanceOf(SensorTimeoutException.class)
        .hasMessageContaining("s3://" + bucket + "/missing/2026-03-01.csv");
  }
}
