package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.hooks.google.BigQueryInsertJobOperator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Every day, sums the day's orders per customer in BigQuery (conn id {@code bigquery_default}) into
 * the table {@code reports.daily_sales_{{ ds_nodash }}}, replacing it when the day runs again. The
 * job configuration is BigQuery's own REST form, as with Airflow's {@code
 * BigQueryInsertJobOperator}; every string in it is a template.
 */
public final class ExampleBigQueryDag implements DagProvider {
  public static final String DAG_ID = "example_bigquery";
  public static final String CONN_ID = "bigquery_default";
  public static final String DATASET = "reports";
  public static final String TABLE = "daily_sales_{{ ds_nodash }}";
  public static final String QUERY =
      "select customer, sum(amount) as amount from sales.orders"
          + " where ordered_on = '{{ ds }}' group by customer";

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder(DAG_ID)
            .description("Sums the day's orders per customer into a BigQuery table")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .defaultRetries(1)
            .tags("example", "bigquery")
            .task(
                Task.of(
                    "daily_sales",
                    new BigQueryInsertJobOperator(
                        CONN_ID,
                        Map.of(
                            "query",
                            Map.of(
                                "query",
                                QUERY,
                                "useLegacySql",
                                false,
                                "destinationTable",
                                Map.of("datasetId", DATASET, "tableId", TABLE),
                                "writeDisposition",
                                "WRITE_TRUNCATE",
                                "createDisposition",
                                "CREATE_IF_NEEDED")),
                        // A fresh job id per try: BigQuery refuses to run an id twice.
                        null)))
            .build());
  }
}
