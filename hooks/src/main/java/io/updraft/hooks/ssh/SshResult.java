package io.updraft.hooks.ssh;

/**
 * What a remote command did: its exit status (-1 when the server sent none, e.g. the command was
 * killed by a signal) and the first bytes of its output streams, with how many bytes were left out.
 */
public record SshResult(
    int exitStatus, String stdout, String stderr, long stdoutDropped, long stderrDropped) {
  public boolean succeeded() {
    return exitStatus == 0;
  }
}
