package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.LoadedDag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One Quartz trigger per distinct schedule, shared by its DAGs, on real PostgreSQL (Quartz's JDBC
 * store): registration keeps the triggers in step with the DAGs, and a trigger's job creates the
 * runs of every unpaused DAG on it.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ScheduleGroupsTest {
  private static final String JAR_VERSION = "0123456789abcdef0123";

  private final Clock clock = Clock.systemUTC();
  private TestBackends backends;
  private Scheduler quartz;
  private CreateScheduledRuns createRuns;

  @BeforeEach
  void open() throws Exception {
    backends = new TestBackends(clock);
    createRuns = new CreateScheduledRuns(backends.runs, backends.events, clock);
    quartz =
        QuartzSchedulers.create(
            backends.database.dataSource(),
            (bundle, s) -> new CreateScheduledRunJob(backends.dags, createRuns));
  }

  @AfterEach
  void close() throws Exception {
    quartz.shutdown(true);
    backends.close();
  }

  /** Registers these DAGs as a DAGs folder would show them: a DAG left out has left its jar. */
  private void register(Dag... folder) throws Exception {
    Map<String, LoadedDag> byId = new LinkedHashMap<>();
    for (Dag dag : folder) {
      byId.put(dag.id(), new LoadedDag(dag, JAR_VERSION, "dags.jar"));
    }
    DagSnapshot snapshot = new DagSnapshot(byId, List.of(), List.of());
    DagSource source =
        new DagSource() {
          @Override
          public DagSnapshot current() {
            return snapshot;
          }

          @Override
          public Dag dag(String dagId, String codeVersion) {
            return snapshot.get(dagId).orElseThrow();
          }

          @Override
          public boolean readsDagJars() {
            return true;
          }
        };
    new RegisterDags(source, backends.dags, ImportErrorStore.none(), quartz, clock, false)
        .runOnce();
  }

  private Set<TriggerKey> triggers() throws Exception {
    return quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup());
  }

  private static TriggerKey triggerOf(Dag dag) {
    return TriggerKey.triggerKey(
        ScheduleGroup.of(dag.structure()).orElseThrow().name(), ScheduleGroup.QUARTZ_GROUP);
  }

  private Dag dag(String id, String cron, String zone) {
    return Dag.builder(id)
        .schedule(cron)
        .timezone(zone)
        .startDate(clock.instant().minus(1, ChronoUnit.DAYS))
        .catchup(false)
        .task(Task.bash("t", "true"))
        .build();
  }

  @Test
  void two_dags_with_the_same_cron_and_zone_share_one_trigger() throws Exception {
    Dag a = dag("a", "*/5 * * * *", "UTC");
    Dag b = dag("b", "*/5 * * * *", "UTC");

    register(a, b);

    assertThat(triggers()).containsExactly(triggerOf(a));
    assertThat(triggerOf(b)).isEqualTo(triggerOf(a));
  }

  @Test
  void the_same_cron_in_another_time_zone_is_another_trigger() throws Exception {
    Dag utc = dag("utc", "0 2 * * *", "UTC");
    Dag paris = dag("paris", "0 2 * * *", "Europe/Paris");

    register(utc, paris);

    assertThat(triggers()).containsExactlyInAnyOrder(triggerOf(utc), triggerOf(paris));
    assertThat(triggerOf(utc)).isNotEqualTo(triggerOf(paris));
  }

  @Test
  void a_dag_whose_schedule_changes_moves_to_the_other_trigger_and_the_unused_one_goes()
      throws Exception {
    Dag hourly = dag("moving", "0 * * * *", "UTC");
    Dag stays = dag("stays", "*/5 * * * *", "UTC");
    register(hourly, stays);
    assertThat(triggers()).containsExactlyInAnyOrder(triggerOf(hourly), triggerOf(stays));

    Dag everyFive = dag("moving", "*/5 * * * *", "UTC");
    register(everyFive, stays);

    assertThat(triggers()).containsExactly(triggerOf(stays));
    assertThat(quartz.checkExists(JobKey.jobKey(triggerOf(hourly).getName(), "schedules")))
        .as("the unused trigger's job is deleted too")
        .isFalse();
  }

  @Test
  void a_trigger_stays_while_one_dag_uses_it_and_goes_with_the_last() throws Exception {
    Dag a = dag("a", "*/5 * * * *", "UTC");
    Dag b = dag("b", "*/5 * * * *", "UTC");
    Dag other = dag("other", "0 3 * * *", "UTC");
    register(a, b, other);

    register(b, other);
    assertThat(triggers()).contains(triggerOf(b));

    register(other);
    assertThat(triggers()).containsExactly(triggerOf(other));
  }

  @Test
  void a_dag_made_manual_only_leaves_no_trigger_behind() throws Exception {
    register(dag("a", "*/5 * * * *", "UTC"));

    register(Dag.builder("a").task(Task.bash("t", "true")).build());

    assertThat(triggers()).isEmpty();
  }

  @Test
  void the_triggers_of_one_per_dag_are_replaced_by_the_shared_one() throws Exception {
    Dag a = dag("a", "*/5 * * * *", "UTC");
    quartz.addJob(
        JobBuilder.newJob(CreateScheduledRunJob.class)
            .withIdentity(JobKey.jobKey("a", "dags"))
            .storeDurably()
            .build(),
        false);

    register(a);

    assertThat(quartz.getJobKeys(GroupMatcher.jobGroupEquals("dags"))).isEmpty();
    assertThat(triggers()).containsExactly(triggerOf(a));
  }

  @Test
  void the_shared_trigger_creates_a_run_of_each_unpaused_dag_and_none_of_the_paused_one()
      throws Exception {
    Dag a = dag("a", "* * * * *", "UTC");
    Dag b = dag("b", "* * * * *", "UTC");
    Dag paused = dag("paused", "* * * * *", "UTC");
    register(a, b, paused);
    backends.dags.setPaused("paused", true);

    // No sweep here: only the group's job creates runs.
    quartz.start();
    quartz.triggerJob(JobKey.jobKey(triggerOf(a).getName(), ScheduleGroup.QUARTZ_GROUP));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !backends.runs.listRuns("a", 5).isEmpty()
                    && !backends.runs.listRuns("b", 5).isEmpty());
    assertThat(backends.runs.listRuns("paused", 5)).isEmpty();
  }
}
