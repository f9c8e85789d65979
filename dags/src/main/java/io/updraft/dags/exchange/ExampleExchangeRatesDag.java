package io.updraft.dags.exchange;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.hooks.sql.SqlOperator;
import java.time.LocalDate;
import java.util.List;

/**
 * Every day, reads the EUR/USD rate through the custom {@link ExchangeRatesHook} (conn id {@code
 * exchange_rates}) and stores it in PostgreSQL (conn id {@code warehouse}).
 */
public final class ExampleExchangeRatesDag implements DagProvider {
  public static final String DAG_ID = "example_exchange_rates";

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder(DAG_ID)
            .description("Stores the day's EUR/USD rate, read through a custom hook")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .tags("example", "custom-hook")
            .task(
                Task.java(
                    "fetch_rate",
                    ctx -> {
                      try (ExchangeRatesHook rates =
                          ctx.hook("exchange_rates", ExchangeRatesHook.class)) {
                        LocalDate day = LocalDate.parse(ctx.render("{{ ds }}"));
                        return rates.rate("EUR", "USD", day).toPlainString();
                      }
                    }))
            .task(
                Task.of(
                        "store_rate",
                        new SqlOperator(
                            "warehouse",
                            List.of(
                                "create table if not exists fx_rates (day date primary key,"
                                    + " pair text not null, rate numeric(18, 8) not null)",
                                "insert into fx_rates values (cast(? as date), 'EUR/USD',"
                                    + " cast(? as numeric)) on conflict (day) do update"
                                    + " set rate = excluded.rate"),
                            List.of("{{ ds }}", "{{ ti.xcom_pull('fetch_rate') }}"),
                            false))
                    .after("fetch_rate"))
            .build());
  }
}
