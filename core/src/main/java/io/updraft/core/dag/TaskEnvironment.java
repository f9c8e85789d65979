package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a Bash task's process gets: never the worker's own, which holds its database
 * password, Fernet key, Vault credentials and {@code UPDRAFT_CONN_*}/{@code UPDRAFT_VAR_*} secrets.
 * Only what a shell needs to behave (the allow-list below) is inherited, then the task's context
 * ({@code UPDRAFT_CTX_*}), then the task's own {@code env}, rendered.
 */
final class TaskEnvironment {
  /** Inherited from the worker when set there: where programs are, who and where we are. */
  static final Set<String> INHERITED =
      Set.of(
          "PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL", "TERM");

  /** The locale variables, {@code LC_ALL}, {@code LC_CTYPE}, ..., are inherited too. */
  static final String INHERITED_PREFIX = "LC_";

  /** Names Updraft sets for every Bash task, which a task's {@code env} cannot replace. */
  static final String CONTEXT_PREFIX = "UPDRAFT_CTX_";

  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private TaskEnvironment() {}

  /**
   * @param inherited the worker's environment, of which only the allow-list is kept
   * @param taskEnv the task's {@code env}, already rendered
   */
  static Map<String, String> of(
      Map<String, String> inherited, TaskContext context, Map<String, String> taskEnv) {
    Map<String, String> env = new TreeMap<>();
    inherited.forEach(
        (name, value) -> {
          if (INHERITED.contains(name) || name.startsWith(INHERITED_PREFIX)) {
            env.put(name, value);
          }
        });
    env.putIfAbsent("PATH", DEFAULT_PATH);
    env.putAll(taskEnv);
    env.put(CONTEXT_PREFIX + "DAG_ID", context.dagId());
    env.put(CONTEXT_PREFIX + "TASK_ID", context.taskId());
    env.put(CONTEXT_PREFIX + "RUN_ID", context.runId());
    env.put(CONTEXT_PREFIX + "TRY_NUMBER", Integer.toString(context.tryNumber()));
    return env;
  }
}
