package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a command with {@code bash -c}. The command is a template ({@code {{ run_id }}}, {@code {{
 * ds }}}, ...) rendered just before it runs. Output goes to the task log line by line, a non-zero
 * exit code fails the try, and the last line printed becomes the task's XCom, as in Airflow.
 *
 * <p>A rendered value becomes part of the shell code: never template a value a user controls (a
 * run's conf or id, an XCom, a variable) into the command. Pass it in {@code env} instead, whose
 * values are rendered too but reach the command as environment variables ({@code "$WHO"}), never as
 * code. The process sees no variable of the worker's own beyond {@code PATH}, {@code HOME}, the
 * locale and a few like them (see {@link TaskEnvironment}), plus {@code UPDRAFT_CTX_DAG_ID}, {@code
 * _TASK_ID}, {@code _RUN_ID} and {@code _TRY_NUMBER}. Its processes run in a process group of their
 * own that is killed when the command ends, when the try is stopped or times out, and when the
 * worker dies.
 *
 * @param env environment variables for the command: names as the shell knows them, values are
 *     templates
 */
public record BashOperator(String command, Map<String, String> env) implements Operator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public BashOperator {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("A Bash task needs a command, got an empty one");
    }
    if (env != null) {
      env.forEach(BashOperator::checkVariable);
    }
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** This operator with {@code more} variables added to its {@code env} (replacing same names). */
  public BashOperator withEnv(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(env);
    more.forEach(
        (name, value) -> {
          checkVariable(name, value);
          all.put(name, value);
        });
    return new BashOperator(command, all);
  }

  @Override
  public String kind() {
    return "bash";
  }

  @Override
  public Map<String, Object> describe() {
    return env.isEmpty()
        ? Map.of("bash_command", command)
        : Map.of("bash_command", command, "env", new TreeMap<>(env));
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    String rendered = context.render(command);
    Map<String, String> renderedEnv = new TreeMap<>();
    env.forEach((name, template) -> renderedEnv.put(name, context.render(template)));
    Map<String, String> environment = TaskEnvironment.of(System.getenv(), context, renderedEnv);
    try (TaskProcess process = TaskProcess.start(rendered, environment)) {
      // Output is read on its own thread: a blocking read cannot be interrupted, and a child that
      // keeps the pipe open would otherwise hold the task past its timeout or a shutdown.
      LastLine last = new LastLine();
      Thread reader =
          Thread.ofVirtual()
              .name("bash-output-" + context.taskId())
              .start(() -> pipeToLog(process, context, last));
      try {
        int exitCode = process.waitFor();
        reader.join();
        if (exitCode != 0) {
          throw new BashCommandFailedException(
              "Bash command exited with code " + exitCode + " in task '" + context.taskId() + "'");
        }
        return last.value;
      } catch (InterruptedException e) {
        // A timeout or shutdown interrupts us: the whole process group must go, not just bash.
        process.stop();
        Thread.currentThread().interrupt();
        throw e;
      }
    }
  }

  private static void checkVariable(String name, String value) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Bash env name '"
              + name
              + "' is not a variable name: use letters, digits and '_', not starting with a"
              + " digit");
    }
    if (name.startsWith(TaskEnvironment.CONTEXT_PREFIX)) {
      throw new IllegalArgumentException(
          "Bash env name '"
              + name
              + "' is set by Updraft for every Bash task: choose a name without the prefix "
              + TaskEnvironment.CONTEXT_PREFIX);
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "Bash env variable '" + name + "' has no value: give it a value or a template");
    }
  }

  private static void pipeToLog(TaskProcess process, TaskContext context, LastLine last) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.output(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        context.log().info(line);
        last.value = line;
      }
    } catch (IOException e) {
      // The process was killed and its pipe closed: nothing more to read.
    }
  }

  private static final class LastLine {
    private volatile String value;
  }

  /** A Bash command that exited with a non-zero code. */
  public static final class BashCommandFailedException extends Exception {
    public BashCommandFailedException(String message) {
      super(message);
    }
  }
}
