package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskGroup;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Task groups, setup and teardown, and task docs, as Airflow's {@code TaskGroup}, {@code as_setup}
 * / {@code as_teardown} and {@code doc_md}: a scratch area is made first and removed last (even
 * when a step between fails), and the extract and transform steps are each one group, folded in the
 * grid and graph until opened.
 */
public final class ExampleTaskGroupDag implements DagProvider {
  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("example_task_group")
            .description("Extract and transform as task groups, between a setup and its teardown")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            // Needs nothing outside Updraft.
            .pausedOnCreation(false)
            .tags("example")
            .task(
                Task.java("create_scratch", ctx -> "scratch/" + ctx.render("{{ ds }}"))
                    .asSetup()
                    .doc(
                        "Makes the run's scratch area; drop_scratch removes it, whatever happens."))
            .group(
                TaskGroup.of("extract")
                    .after("create_scratch")
                    .task(Task.java("orders", ctx -> Map.of("table", "orders", "rows", 120)))
                    .task(Task.java("customers", ctx -> Map.of("table", "customers", "rows", 40))))
            .group(
                TaskGroup.of("transform")
                    .after("extract")
                    .task(Task.java("clean", ctx -> "cleaned"))
                    .group(
                        TaskGroup.of("enrich")
                            .after("clean")
                            .task(Task.java("geo", ctx -> "geo added"))
                            .task(Task.java("currency", ctx -> "currency added"))))
            .task(
                Task.java(
                        "load",
                        ctx -> {
                          Object orders = ctx.xcomPull("extract.orders").orElseThrow();
                          ctx.log().info("loading " + orders);
                          return "loaded";
                        })
                    .after("transform")
                    .doc("Loads the cleaned, enriched rows into the warehouse."))
            .task(
                Task.java("drop_scratch", ctx -> "dropped")
                    .after("load")
                    .asTeardown("create_scratch"))
            .build());
  }
}
