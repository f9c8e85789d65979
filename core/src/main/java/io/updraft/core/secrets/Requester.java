package io.updraft.core.secrets;

/**
 * Who asked for a secret, for the audit: a component ({@code worker}, {@code cli}, ...) and, when a
 * task asked, its DAG and task.
 */
public record Requester(String component, String dagId, String taskId) {
  public static Requester component(String component) {
    return new Requester(component, null, null);
  }

  public static Requester task(String component, String dagId, String taskId) {
    return new Requester(component, dagId, taskId);
  }

  @Override
  public String toString() {
    return dagId == null ? component : component + " (" + dagId + "." + taskId + ")";
  }
}
