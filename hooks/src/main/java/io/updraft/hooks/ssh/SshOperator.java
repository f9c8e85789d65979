package io.updraft.hooks.ssh;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a command on a host over SSH, as Airflow's {@code SSHOperator}: its output goes to the task
 * log (masked as every task log line is), an exit status other than 0 fails the task, and its
 * standard output (at most the connection's {@code max_output_bytes}) is the task's XCom.
 *
 * <p>The command is a template and what it renders to is shell code on the remote host: <b>never
 * template a value someone else controls (a run's conf or params, an XCom) into it</b>. Pass such
 * values in {@code env}, whose values are rendered too but reach the remote side as data, and quote
 * the variable in the command:
 *
 * <pre>{@code
 * Task.of("greet", SshOperator.of("etl_box", "echo \"hello $WHO\"")
 *     .withEnv(Map.of("WHO", "{{ conf.who }}")))
 * }</pre>
 */
public record SshOperator(
    String connId, String command, Map<String, String> env, EnvMode envMode, Duration timeout)
    implements Operator {
  public SshOperator {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("An SSH task needs a command");
    }
    env = Map.copyOf(env == null ? Map.of() : env);
    env.keySet().forEach(ShellQuoting::checkName);
    envMode = envMode == null ? EnvMode.QUOTED_PREFIX : envMode;
    timeout = timeout == null ? Duration.ZERO : timeout;
  }

  /** A command with no environment, its values passed as a quoted prefix once given. */
  public static SshOperator of(String connId, String command) {
    return new SshOperator(connId, command, Map.of(), EnvMode.QUOTED_PREFIX, Duration.ZERO);
  }

  /** The same task with {@code vars} (templated values) in the command's environment. */
  public SshOperator withEnv(Map<String, String> vars) {
    return new SshOperator(connId, command, vars, envMode, timeout);
  }

  /** The same task passing its environment as {@code mode} says. */
  public SshOperator withEnvMode(EnvMode mode) {
    return new SshOperator(connId, command, env, mode, timeout);
  }

  /** The same task, failing when the command runs longer than {@code limit}. */
  public SshOperator withTimeout(Duration limit) {
    return new SshOperator(connId, command, env, envMode, limit);
  }

  @Override
  public String kind() {
    return "ssh";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("command", command);
    fields.put("env", env.keySet().stream().sorted().toList());
    fields.put("env_mode", envMode.name().toLowerCase(java.util.Locale.ROOT));
    fields.put("timeout", timeout.toSeconds());
    return fields;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    String rendered = context.render(command);
    Map<String, String> values = new LinkedHashMap<>();
    env.forEach((name, template) -> values.put(name, context.render(template)));
    try (SshHook ssh = context.hook(connId, SshHook.class)) {
      context.log().info("Running on '" + connId + "': " + rendered);
      SshResult result = ssh.execute(rendered, values, envMode, timeout);
      logLines(context, "", result.stdout(), result.stdoutDropped());
      logLines(context, "[stderr] ", result.stderr(), result.stderrDropped());
      if (!result.succeeded()) {
        throw new SshCommandFailedException(
            "The command on '" + connId + "' ended with exit status " + result.exitStatus(),
            result.exitStatus());
      }
      return result.stdout();
    }
  }

  private static void logLines(TaskContext context, String prefix, String text, long dropped) {
    if (!text.isEmpty()) {
      text.lines().forEach(line -> context.log().info(prefix + line));
    }
    if (dropped > 0) {
      context.log().info(prefix + "(" + dropped + " more bytes not kept: max_output_bytes)");
    }
  }
}
