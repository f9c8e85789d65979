package io.updraft.cli;

import io.updraft.core.connection.Connection;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.input.UntrustedJson;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks every entry of an import file before any is stored: text PostgreSQL cannot hold (a NUL, a
 * lone surrogate) is refused with the entry named, and a file with one bad entry imports nothing
 * rather than half of itself.
 */
final class ImportChecks {
  private ImportChecks() {}

  static void variables(Map<String, String> variables, Path file) {
    refuseWhole(
        () ->
            variables.forEach(
                (key, value) -> {
                  String named = InvalidInputException.quote(key) + " in " + file;
                  UntrustedJson.checkText(key, "The name of variable " + named);
                  UntrustedJson.checkText(value, "Variable " + named);
                }));
  }

  static void connections(Map<String, Connection> connections, Path file) {
    refuseWhole(
        () -> {
          for (Connection c : connections.values()) {
            String named = InvalidInputException.quote(c.connId()) + " in " + file;
            UntrustedJson.checkText(c.connId(), "The id of connection " + named);
            String what = "Connection " + named;
            check(c.connType(), what, "conn_type");
            check(c.description(), what, "description");
            check(c.host(), what, "host");
            check(c.login(), what, "login");
            check(c.password(), what, "password");
            check(c.schema(), what, "schema");
            UntrustedJson.check(c.extra(), what + ", extra");
          }
        });
  }

  private static void check(String text, String what, String field) {
    if (text != null) {
      UntrustedJson.checkText(text, what + ", field " + field);
    }
  }

  private static void refuseWhole(Runnable checks) {
    try {
      checks.run();
    } catch (InvalidInputException e) {
      throw new UserError(e.getMessage() + " Nothing was imported.");
    }
  }
}
