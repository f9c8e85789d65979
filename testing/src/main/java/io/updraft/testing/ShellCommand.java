package io.updraft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.sshd.server.command.AbstractCommandSupport;

/**
 * What an OpenSSH server does with an exec request, for the test server: the command line goes to a
 * real {@code /bin/sh -c}, with the environment the client sent, and its output and exit status go
 * back. So a test sees real shell parsing, real output and a real exit status.
 */
final class ShellCommand extends AbstractCommandSupport {
  private final java.nio.file.Path home;

  ShellCommand(String command, java.nio.file.Path home) {
    super(command, null);
    this.home = home;
  }

  @Override
  public void run() {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", getCommand()).directory(home.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.putAll(getEnvironment().getEnv());
    try {
      Process process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Thread err = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), getErrorStream()));
      copy(process.getInputStream(), getOutputStream());
      err.join();
      onExit(process.waitFor());
    } catch (IOException e) {
      onExit(127, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onExit(130, "interrupted");
    }
  }

  private static void copy(InputStream in, OutputStream out) {
    try (in) {
      in.transferTo(out);
      out.flush();
    } catch (IOException e) {
      // The client went away; the exit status still tells what happened.
    }
  }
}
