package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.dagrun.ExternalTaskSensor;
import io.updraft.hooks.dagrun.TriggerDagRunOperator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Cross-DAG dependencies: {@code example_cross_dag} loads a day's data once the day before was
 * loaded ({@code dependsOnPast}), triggers {@code example_cross_dag_report} for that day with the
 * day in its conf and waits for it, then checks the report's task with a sensor; the report DAG has
 * no schedule of its own. Both start paused, so unpause the report DAG as well (a paused target's
 * runs wait, queued, as in Airflow).
 */
public final class ExampleCrossDagDags implements DagProvider {
  private static final SensorSettings EVERY_30_SECONDS_FOR_AN_HOUR =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofSeconds(30))
          .withTimeout(Duration.ofHours(1))
          .withMode(SensorMode.RESCHEDULE);

  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("example_cross_dag")
            .description("Loads a day after the day before, then triggers and waits for a report")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .tags("example")
            .task(Task.java("load", ctx -> ctx.render("{{ ds }}")).dependsOnPast())
            .task(
                Task.of(
                        "trigger_report",
                        TriggerDagRunOperator.of("example_cross_dag_report")
                            .withRunId("from_example_cross_dag__{{ ts }}")
                            .withLogicalDate("{{ ts }}")
                            .withConf(Map.of("day", "{{ ds }}"))
                            .waitingForCompletion(EVERY_30_SECONDS_FOR_AN_HOUR))
                    .after("load"))
            .task(
                Task.of(
                        "report_built",
                        ExternalTaskSensor.task("example_cross_dag_report", "build_report")
                            .withSettings(EVERY_30_SECONDS_FOR_AN_HOUR))
                    .after("trigger_report"))
            .build(),
        Dag.builder("example_cross_dag_report")
            .description(
                "Builds the report of the day its conf names; triggered by example_cross_dag")
            .tags("example")
            .task(
                Task.java(
                    "build_report",
                    ctx -> {
                      Object day = ctx.conf().get("day");
                      ctx.log().info("building the report of " + day);
                      return "report of " + day;
                    }))
            .build());
  }
}
