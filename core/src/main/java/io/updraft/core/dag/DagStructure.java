package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.updraft.core.cache.RecentByIdentity;
import io.updraft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A DAG without its code: what the scheduler stores in the {@code dag} table, and all that the
 * planner, the API and the UI ever read. Tasks are in a topological order.
 *
 * @param endDate no scheduled run starts after it (null: none)
 * @param maxActiveRuns runs of this DAG running at once; more wait queued
 * @param maxActiveTasks task instances of this DAG queued or running at once, over all its runs
 * @param runTimeoutSeconds a run still going after this long fails (null: no limit)
 * @param params declared parameters: defaults and types of a run's conf
 * @param scheduleAssets the assets whose updates run the DAG ({@link Schedule#onAssets}); left out
 *     of the JSON when none, so a DAG without keeps its version hash
 * @param owners who answers for the DAG (Airflow's {@code owner}), shown on the DAGs page and
 *     filtered by; left out of the JSON when none, as {@code scheduleAssets}
 */
public record DagStructure(
    String dagId,
    String description,
    String schedule,
    String timezone,
    Instant startDate,
    boolean catchup,
    List<String> tags,
    List<TaskNode> tasks,
    Instant endDate,
    int maxActiveRuns,
    int maxActiveTasks,
    Long runTimeoutSeconds,
    Map<String, Param> params,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Asset> scheduleAssets,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> owners) {

  /** Airflow's defaults for max_active_runs and max_active_tasks. */
  public static final int DEFAULT_MAX_ACTIVE_RUNS = 16;

  public static final int DEFAULT_MAX_ACTIVE_TASKS = 16;

  public DagStructure {
    tags = tags == null ? List.of() : List.copyOf(tags);
    tasks = List.copyOf(tasks);
    maxActiveRuns = maxActiveRuns <= 0 ? DEFAULT_MAX_ACTIVE_RUNS : maxActiveRuns;
    maxActiveTasks = maxActiveTasks <= 0 ? DEFAULT_MAX_ACTIVE_TASKS : maxActiveTasks;
    params = params == null ? Map.of() : new LinkedHashMap<>(params);
    scheduleAssets = scheduleAssets == null ? List.of() : List.copyOf(scheduleAssets);
    owners = owners == null ? List.of() : List.copyOf(owners);
  }

  /** A DAG that no asset schedules, without owners. */
  public DagStructure(
      String dagId,
      String description,
      String schedule,
      String timezone,
      Instant startDate,
      boolean catchup,
      List<String> tags,
      List<TaskNode> tasks,
      Instant endDate,
      int maxActiveRuns,
      int maxActiveTasks,
      Long runTimeoutSeconds,
      Map<String, Param> params) {
    this(
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
        params,
        List.of(),
        List.of());
  }

  public Optional<TaskNode> task(String taskId) {
    return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
  }

  public Map<String, TaskNode> tasksById() {
    return tasks.stream().collect(Collectors.toMap(TaskNode::taskId, Function.identity()));
  }

  /** The structure as stored JSON. */
  public String toJson() {
    return Json.write(this);
  }

  public static DagStructure fromJson(String json) {
    return Json.read(json, DagStructure.class);
  }

  /**
   * A hash of the stored JSON: equal hashes mean the same structure, so the scheduler writes a DAG
   * only when it changed. Stored runs and DAGs carry it, so it must never change for a structure
   * that did not.
   */
  public String versionHash() {
    return HASHES.get(this, DagStructure::computeVersionHash);
  }

  // Hashing means serialising the whole structure: creating each run of a large DAG asks for it.
  private static final RecentByIdentity<DagStructure, String> HASHES = new RecentByIdentity<>(64);

  private static String computeVersionHash(DagStructure structure) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(StructureJson.of(structure).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
