package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first DAG a new user runs: a Java task returns a value, a Bash task prints it with
 * templating, and a second Java task reads it back from XCom. The Bash task gets its values through
 * {@code env}, never templated into the command: a run id, a conf value or an XCom can hold any
 * text, and as environment variables they stay data, whatever quotes or {@code $(...)} they hold.
 */
public final class ExampleHelloDag implements DagProvider {
  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("example_hello")
            .description("Says hello from Java and Bash, passing a value through XCom")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            // Needs nothing outside Updraft, so it runs from the first start; the examples that
            // need a database, S3 or an HTTP API start paused until their connections exist.
            .pausedOnCreation(false)
            .defaultRetries(1)
            .tags("example")
            .task(Task.java("greet", ctx -> "hello from " + ctx.dagId()))
            .task(
                Task.bash("echo", "echo \"run $RUN_ID on $DS: $GREETING\"")
                    .env(
                        Map.of(
                            "RUN_ID", "{{ run_id }}",
                            "DS", "{{ ds }}",
                            "GREETING", "{{ ti.xcom_pull('greet') }}"))
                    .after("greet"))
            .task(
                Task.java(
                        "shout",
                        ctx -> {
                          String greeting = ctx.xcomPull("greet", String.class).orElseThrow();
                          ctx.log().info("greet said: " + greeting);
                          return greeting.toUpperCase(Locale.ROOT) + "!";
                        })
                    .after("echo"))
            .build());
  }
}
