package io.updraft.core.dag;

/**
 * A DAG as a process loaded it.
 *
 * @param codeVersion the SHA-256 of the jar it came from, or null for a DAG of the class path
 * @param origin where it came from, for messages: a jar's file name or "the class path"
 */
public record LoadedDag(Dag dag, String codeVersion, String origin) {
  public String id() {
    return dag.id();
  }
}
