package io.updraft.core.task;

/** The log of one try of a task, readable in the UI, the API and the CLI. */
public interface TaskLog {
  void info(String line);
}
