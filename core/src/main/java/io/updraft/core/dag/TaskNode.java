package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One task as stored in the {@code dag} table: everything but its code.
 *
 * @param priorityWeight the effective weight, after its {@link WeightRule} was applied
 * @param executionTimeoutSeconds how long a try may run, or null for no limit
 * @param mapping how the task expands into one instance per value, or null when it is not mapped
 *     (left out of the stored JSON then, so an unmapped DAG keeps its version hash)
 * @param maxActiveTisPerDag the most instances of this task queued or running at once over all the
 *     DAG's runs (Airflow's max_active_tis_per_dag), or null for no limit (left out of the JSON)
 * @param role setup or teardown, or null for an ordinary task (left out of the JSON)
 * @param doc what the task is for, in the author's words, shown on its page (null: none)
 * @param group the full id of the innermost task group the task is in ({@code extract.eu}), or
 *     null; group ids hold no '.', so each prefix up to a '.' is an enclosing group
 * @param pastDependency what the task waits for in the DAG's previous run, or null for nothing
 *     (left out of the JSON, so a DAG without it keeps its version hash)
 * @param outlets the assets a success updates (left out of the JSON when none)
 */
public record TaskNode(
    String taskId,
    String kind,
    List<String> upstream,
    int retries,
    long retryDelaySeconds,
    String queue,
    String pool,
    int priorityWeight,
    Map<String, Object> settings,
    TriggerRule triggerRule,
    WeightRule weightRule,
    Long executionTimeoutSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskMapping mapping,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxActiveTisPerDag,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskRole role,
    @JsonInclude(JsonInclude.Include.NON_NULL) String doc,
    @JsonInclude(JsonInclude.Include.NON_NULL) String group,
    @JsonInclude(JsonInclude.Include.NON_NULL) PastDependency pastDependency,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Asset> outlets) {

  public TaskNode {
    outlets = outlets == null ? List.of() : List.copyOf(outlets);
    upstream = List.copyOf(upstream);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    triggerRule = triggerRule == null ? TriggerRule.ALL_SUCCESS : triggerRule;
    weightRule = weightRule == null ? WeightRule.DOWNSTREAM : weightRule;
  }

  /**
   * A task without a role, doc or group that waits for nothing in the previous run and updates no
   * asset.
   */
  public TaskNode(
      String taskId,
      String kind,
      List<String> upstream,
      int retries,
      long retryDelaySeconds,
      String queue,
      String pool,
      int priorityWeight,
      Map<String, Object> settings,
      TriggerRule triggerRule,
      WeightRule weightRule,
      Long executionTimeoutSeconds,
      TaskMapping mapping,
      Integer maxActiveTisPerDag) {
    this(
        taskId,
        kind,
        upstream,
        retries,
        retryDelaySeconds,
        queue,
        pool,
        priorityWeight,
        settings,
        triggerRule,
        weightRule,
        executionTimeoutSeconds,
        mapping,
        maxActiveTisPerDag,
        null,
        null,
        null,
        null,
        List.of());
  }

  /** A task with the default trigger rule (all upstream tasks succeeded). */
  public TaskNode(
      String taskId,
      String kind,
      List<String> upstream,
      int retries,
      long retryDelaySeconds,
      String queue,
      String pool,
      int priorityWeight,
      Map<String, Object> settings) {
    this(
        taskId,
        kind,
        upstream,
        retries,
        retryDelaySeconds,
        queue,
        pool,
        priorityWeight,
        settings,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Whether the task runs as one instance per value of its {@link #mapping}. Not stored: derived,
   * and an unmapped DAG's JSON (and so its version hash) stays as it was before mapping existed.
   */
  @JsonIgnore
  public boolean isMapped() {
    return mapping != null;
  }

  /** Whether this is a teardown task, whose outcome does not decide its run's state. */
  @JsonIgnore
  public boolean isTeardown() {
    return role == TaskRole.TEARDOWN;
  }

  /** The task groups the task is in, outermost first (empty when it is in none). */
  public List<String> groups() {
    if (group == null) {
      return List.of();
    }
    List<String> chain = new java.util.ArrayList<>();
    for (int dot = group.indexOf('.'); dot >= 0; dot = group.indexOf('.', dot + 1)) {
      chain.add(group.substring(0, dot));
    }
    chain.add(group);
    return List.copyOf(chain);
  }

  /** Tries in all: the first plus the retries. */
  public int maxTries() {
    return retries + 1;
  }
}
