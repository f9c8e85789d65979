package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.hooks.aws.S3CreateBucketOperator;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.hooks.aws.S3KeySensor;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.postgres.PostgresHook;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Every day, exports the day's orders from PostgreSQL (conn id {@code warehouse}) as CSV to {@code
 * s3://exports/data/{{ ds }}/data.csv} (conn id {@code s3_exports}). COPY streams the rows to a
 * temporary file, so the export never holds the day in memory.
 */
public final class ExamplePostgresToS3Dag implements DagProvider {
  public static final String DAG_ID = "example_postgres_to_s3";
  public static final String BUCKET = "exports";
  public static final String KEY = "data/{{ ds }}/data.csv";

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder(DAG_ID)
            .description("Exports the day's orders from PostgreSQL to S3 as CSV")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .defaultRetries(1)
            .tags("example", "postgres", "s3")
            .task(Task.of("create_bucket", new S3CreateBucketOperator("s3_exports", BUCKET)))
            .task(
                Task.java(
                        "export",
                        ctx -> {
                          String copy =
                              ctx.render(
                                  "copy (select id, customer, amount, ordered_on from orders"
                                      + " where ordered_on = '{{ ds }}' order by id)"
                                      + " to stdout with (format csv, header)");
                          String key = ctx.render(KEY);
                          Path file = Files.createTempFile("export-", ".csv");
                          try (PostgresHook db = ctx.hook("warehouse", PostgresHook.class);
                              S3Hook s3 = ctx.hook("s3_exports", S3Hook.class)) {
                            long rows;
                            try (OutputStream out = Files.newOutputStream(file)) {
                              rows = db.copyOut(copy, out);
                            }
                            s3.upload(BUCKET, key, file);
                            ctx.log()
                                .info("Exported " + rows + " rows to s3://" + BUCKET + "/" + key);
                            return rows;
                          } finally {
                            Files.deleteIfExists(file);
                          }
                        })
                    .after("create_bucket"))
            .task(
                Task.of(
                        "check_export",
                        new S3KeySensor(
                            "s3_exports",
                            BUCKET,
                            KEY,
                            false,
                            new SensorSettings(
                                Duration.ofSeconds(1), Duration.ofSeconds(30), false)))
                    .after("export"))
            .build());
  }
}
