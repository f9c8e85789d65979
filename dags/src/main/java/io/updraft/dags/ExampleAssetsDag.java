package io.updraft.dags;

import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Schedule;
import io.updraft.core.dag.Task;
import java.time.LocalDate;
import java.util.List;

/**
 * Data-aware scheduling: {@code example_asset_producer} updates two assets each day, and {@code
 * example_asset_consumer} runs once both were updated since its last run, not at a time of its own.
 * The tasks only log: the assets are names, which Updraft never reads.
 */
public final class ExampleAssetsDag implements DagProvider {
  static final Asset ORDERS = Asset.of("s3://example-bucket/orders.parquet", "orders");
  static final Asset CUSTOMERS = Asset.of("s3://example-bucket/customers.parquet", "customers");

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("example_asset_producer")
            .description("Writes the orders and customers extracts, each an asset")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .pausedOnCreation(false)
            .tags("example", "assets")
            .task(Task.java("export_orders", ctx -> log(ctx.runId(), ORDERS)).outlets(ORDERS))
            .task(
                Task.java("export_customers", ctx -> log(ctx.runId(), CUSTOMERS))
                    .outlets(CUSTOMERS))
            .build(),
        Dag.builder("example_asset_consumer")
            .description("Joins orders and customers once both were updated")
            .schedule(Schedule.onAssets(ORDERS, CUSTOMERS))
            .pausedOnCreation(false)
            .tags("example", "assets")
            .task(Task.java("join", ctx -> "joined for run " + ctx.runId()))
            .build());
  }

  private static String log(String runId, Asset asset) {
    return "run " + runId + " updated " + asset.uri();
  }
}
