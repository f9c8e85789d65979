package io.updraft.core.testdata;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.TaskNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test DAG structures by name instead of by position: no schedule, UTC, no catch-up, no tags,
 * Airflow's default limits and no params unless set.
 */
public final class DagStructureBuilder {
  private final String dagId;
  private String description = "A test DAG";
  private String schedule;
  private String timezone = "UTC";
  private Instant startDate;
  private boolean catchup;
  private List<String> tags = List.of();
  private List<TaskNode> tasks = List.of();
  private Instant endDate;
  private int maxActiveRuns = DagStructure.DEFAULT_MAX_ACTIVE_RUNS;
  private int maxActiveTasks = DagStructure.DEFAULT_MAX_ACTIVE_TASKS;
  private Long runTimeoutSeconds;
  private Map<String, Param> params = Map.of();

  private DagStructureBuilder(String dagId) {
    this.dagId = dagId;
  }

  public static DagStructureBuilder aDag(String dagId) {
    return new DagStructureBuilder(dagId);
  }

  public DagStructureBuilder description(String value) {
    description = value;
    return this;
  }

  public DagStructureBuilder schedule(String value) {
    schedule = value;
    return this;
  }

  public DagStructureBuilder timezone(String value) {
    timezone = value;
    return this;
  }

  public DagStructureBuilder startDate(Instant value) {
    startDate = value;
    return this;
  }

  public DagStructureBuilder catchup(boolean value) {
    catchup = value;
    return this;
  }

  public DagStructureBuilder tags(List<String> value) {
    tags = value;
    return this;
  }

  public DagStructureBuilder tasks(List<TaskNode> value) {
    tasks = value;
    return this;
  }

  public DagStructureBuilder endDate(Instant value) {
    endDate = value;
    return this;
  }

  public DagStructureBuilder maxActiveRuns(int value) {
    maxActiveRuns = value;
    return this;
  }

  public DagStructureBuilder maxActiveTasks(int value) {
    maxActiveTasks = value;
    return this;
  }

  public DagStructureBuilder runTimeoutSeconds(Long value) {
    runTimeoutSeconds = value;
    return this;
  }

  public DagStructureBuilder params(Map<String, Param> value) {
    params = value;
    return this;
  }

  public DagStructure build() {
    return new DagStructure(
        dagId,
        description,
        schedule,
        timezone,
        startDate,
        catchup,
        tags,
        tasks,
        endDate,
        maxActiveRuns,
        maxActiveTasks,
        runTimeoutSeconds,
        params);
  }
}
