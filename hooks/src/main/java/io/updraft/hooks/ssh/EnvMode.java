package io.updraft.hooks.ssh;

/**
 * How an SSH command's environment reaches the remote side. Either way each value arrives as data,
 * never as part of the command's text.
 */
public enum EnvMode {
  /**
   * SSH "env" requests (OpenSSH's {@code SendEnv}): the cleanest, but OpenSSH servers drop names
   * their {@code AcceptEnv} does not list (by default all but {@code LANG} and {@code LC_*}).
   */
  SSH_ENV,
  /**
   * {@code export NAME='value'; } before the command, each value single-quoted (a {@code '} inside
   * becomes {@code '\''}): works on any server whose login shell is a POSIX shell.
   */
  QUOTED_PREFIX
}
