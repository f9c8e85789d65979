package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.hooks.http.HttpOperator;
import io.updraft.hooks.http.WebhookNotifier;
import io.updraft.hooks.postgres.PostgresHook;
import io.updraft.hooks.sql.SqlOperator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every day, fetches the day's orders from an HTTP API (conn id {@code orders_api}) and upserts
 * them into PostgreSQL (conn id {@code warehouse}), so a rerun of a day updates instead of
 * duplicating. A try that fails for good posts a notice to an alerts webhook (conn id {@code
 * alerts_webhook}; without it the notice fails in the try's log and nothing else changes), and a
 * failed run is logged by the scheduler with its failed tasks.
 */
public final class ExampleHttpToPostgresDag implements DagProvider {
  public static final String DAG_ID = "example_http_to_postgres";

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder(DAG_ID)
            .description("Loads the day's orders from an HTTP API into PostgreSQL")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .defaultRetries(1)
            .defaultCallbacks(
                TaskCallbacks.NONE.withOnFailure(
                    WebhookNotifier.to(
                        "alerts_webhook",
                        "/alerts",
                        "{{ dag_id }}.{{ task_id }} failed for {{ ds }} (run {{ run_id }})")))
            .onRunFailure(
                run ->
                    LoggerFactory.getLogger(ExampleHttpToPostgresDag.class)
                        .warn(
                            "Orders of {} not loaded: {} failed",
                            run.logicalDate(),
                            run.failedTaskIds()))
            .tags("example", "http", "postgres")
            .task(
                Task.of(
                    "create_table",
                    SqlOperator.of(
                        "warehouse",
                        "create table if not exists api_orders (id bigint primary key,"
                            + " customer text not null, amount numeric(12, 2), ordered_on date)")))
            .task(Task.of("fetch", HttpOperator.get("orders_api", "/v1/orders?day={{ ds }}")))
            .task(
                Task.java(
                        "load",
                        ctx -> {
                          Map<?, ?> answer = ctx.xcomPull("fetch", Map.class).orElseThrow();
                          List<List<Object>> rows = new ArrayList<>();
                          for (Object item : (List<?>) answer.get("orders")) {
                            Map<?, ?> order = (Map<?, ?>) item;
                            rows.add(
                                List.of(
                                    ((Number) order.get("id")).longValue(),
                                    order.get("customer"),
                                    new java.math.BigDecimal(order.get("amount").toString()),
                                    LocalDate.parse(ctx.render("{{ ds }}"))));
                          }
                          try (PostgresHook db = ctx.hook("warehouse", PostgresHook.class)) {
                            db.insertRows(
                                "api_orders",
                                List.of("id", "customer", "amount", "ordered_on"),
                                rows,
                                500,
                                List.of("id"));
                          }
                          ctx.log().info("Upserted " + rows.size() + " orders");
                          return rows.size();
                        })
                    .after("create_table", "fetch"))
            .build());
  }
}
