package io.updraft.api;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a mapped task's grid cell says of its instances: how many are in each state. */
final class MappedSummary {
  private MappedSummary() {}

  /** For example "3 mapped instances: 1 failed, 2 success". */
  static String of(List<TaskInstance> instances) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    instances.forEach(ti -> counts.merge(ti.state(), 1, Integer::sum));
    StringBuilder text = new StringBuilder().append(instances.size()).append(" mapped instances: ");
    String sep = "";
    for (Map.Entry<TaskState, Integer> e : counts.entrySet()) {
      text.append(sep).append(e.getValue()).append(' ').append(e.getKey().wireName());
      sep = ", ";
    }
    return text.toString();
  }
}
