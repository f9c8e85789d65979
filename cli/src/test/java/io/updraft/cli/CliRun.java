package io.updraft.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the updraft command line in this JVM: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new CliRun(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  /** Runs {@code args} with {@code --config config} added. */
  static CliRun withConfig(java.nio.file.Path config, String... args) {
    String[] withConfig = java.util.Arrays.copyOf(args, args.length + 2);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = config.toString();
    return of(withConfig);
  }

  /**
   * What the command printed, without the log lines that threads of this JVM (a scheduler or worker
   * a test runs beside the command) wrote to the same captured stream meanwhile.
   */
  String commandOut() {
    return out.lines()
        .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
        .map(line -> line + "\n")
        .reduce("", String::concat);
  }
}
