package io.updraft.hooks.ssh;

/** A remote command ended with an exit status other than 0, which fails its task. */
public final class SshCommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitStatus;

  public SshCommandFailedException(String message, int exitStatus) {
    super(message);
    this.exitStatus = exitStatus;
  }

  public int exitStatus() {
    return exitStatus;
  }
}
