package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs a command with {@code bash -c}. The command is a template ({@code {{ run_id }}}, {@code {{
 * ds }}}, ...) rendered just before it runs. Output goes to the task log line by line, a non-zero
 * exit code fails the try, and the last line printed becomes the task's XCom, as in Airflow.
 */
public record BashOperator(String command, Map<String, String> env) implements Operator {
  public BashOperator {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("A Bash task needs a command, got an empty one");
    }
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  @Override
  public String kind() {
    return "bash";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("bash_command", command);
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    String rendered = context.render(command);
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", rendered).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("UPDRAFT_CTX_DAG_ID", context.dagId());
    builder.environment().put("UPDRAFT_CTX_TASK_ID", context.taskId());
    builder.environment().put("UPDRAFT_CTX_RUN_ID", context.runId());
    builder.environment().put("UPDRAFT_CTX_TRY_NUMBER", Integer.toString(context.tryNumber()));
    Process process = builder.start();
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
      // A timeout or shutdown interrupts us: the whole process tree must go, not just bash.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private static void pipeToLog(Process process, TaskContext context, LastLine last) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
