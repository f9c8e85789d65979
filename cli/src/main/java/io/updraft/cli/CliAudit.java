package io.updraft.cli;

import io.updraft.core.audit.AuditEvent;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresEventLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Writes the audit log of the command line in one place: after a command that changes something
 * ended well, from what its command line named. Only arguments whose label says they are an id or a
 * name are kept; of the others (a value, a password, a URI, JSON) only that they were given.
 */
final class CliAudit {
  /** The commands that change something, by their words after {@code updraft}. */
  static final Map<String, String> EVENTS =
      Map.ofEntries(
          Map.entry("dags trigger", "trigger"),
          Map.entry("dags pause", "pause"),
          Map.entry("dags unpause", "unpause"),
          Map.entry("dags backfill", "backfill"),
          Map.entry("runs mark", "mark"),
          Map.entry("tasks clear", "clear"),
          Map.entry("tasks mark", "mark"),
          Map.entry("connections add", "connection.create"),
          Map.entry("connections delete", "connection.delete"),
          Map.entry("connections import", "connection.import"),
          Map.entry("connections test", "connection.test"),
          Map.entry("variables set", "variable.set"),
          Map.entry("variables delete", "variable.delete"),
          Map.entry("variables import", "variable.import"),
          Map.entry("users create", "user.create"),
          Map.entry("users delete", "user.delete"),
          Map.entry("users disable", "user.disable"),
          Map.entry("users enable", "user.enable"),
          Map.entry("users set-password", "user.set-password"),
          Map.entry("users set-role", "user.set-role"),
          Map.entry("users token", "token.mint"),
          Map.entry("users tokens revoke", "token.revoke"),
          Map.entry("fernet rotate", "fernet.rotate"),
          Map.entry("db clean", "db.clean"));

  /** Argument labels whose values are ids or names, never secrets. */
  private static final Set<String> KEPT =
      Set.of(
          "CONN_ID",
          "KEY",
          "USERNAME",
          "NAME",
          "TOKEN_ID",
          "ROLE",
          "STATE",
          "LOGICAL_DATE",
          "DATE",
          "DAYS",
          "AGE");

  private static final Map<String, String> ID_LABELS =
      Map.of("DAG_ID", "dag_id", "RUN_ID", "run_id", "TASK_ID", "task_id");

  private CliAudit() {}

  /** Records the command {@code parsed} ran, if it is one that changes something. */
  static void record(ParseResult parsed) {
    ParseResult leaf = parsed;
    List<String> words = new ArrayList<>();
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
      words.add(leaf.commandSpec().name());
    }
    String event = EVENTS.get(String.join(" ", words));
    CommandSpec spec = leaf.commandSpec();
    CommandSpec configMixin = spec.mixins().get("config");
    if (event == null || configMixin == null) {
      return;
    }
    ConfigOption config = (ConfigOption) configMixin.userObject();
    try (Database database = Database.connectForCommand(config.loadConnected().database())) {
      new PostgresEventLog(database).record(event(leaf, event, Clock.systemUTC()));
    } catch (RuntimeException e) {
      // The change is made; say that its record is missing rather than fail the command.
      System.err.println(
          "Warning: '"
              + String.join(" ", words)
              + "' was done, but the audit log could not"
              + " record it: "
              + e.getMessage());
    }
  }

  static AuditEvent event(ParseResult leaf, String event, Clock clock) {
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    List<String> given = new ArrayList<>();
    for (ArgSpec arg : leaf.matchedArgs()) {
      String label = arg.paramLabel();
      String name = arg instanceof OptionSpec option ? option.longestName() : label.toLowerCase();
      if (name.equals("--config")) {
        continue;
      }
      Object value = arg.getValue();
      if (ID_LABELS.containsKey(label) && value != null) {
        ids.put(ID_LABELS.get(label), value.toString());
      } else if (KEPT.contains(label) && value != null) {
        extra.put(name.replaceFirst("^--", ""), value.toString());
      } else {
        given.add(name);
      }
    }
    if (!given.isEmpty()) {
      extra.put("given", given);
    }
    return new AuditEvent(
        0,
        clock.instant(),
        "cli:" + System.getProperty("user.name", "unknown"),
        event,
        ids.get("dag_id"),
        ids.get("run_id"),
        ids.get("task_id"),
        "cli",
        "cli",
        extra);
  }
}
