package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database functions are called by name, in strings jOOQ does not check: a renamed function, a
 * changed argument list or an overload left behind by a repeatable migration would fail only when
 * the call runs. This checks them against a migrated database.
 */
@ExtendWith(PostgresExtension.class)
class FunctionSignaturesTest {
  /** Every function of ours called by name, with its argument types in order. */
  private static final Map<String, List<String>> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "updraft_hand_over",
              List.of(
                  "bigint",
                  "text",
                  "bigint",
                  "integer",
                  "timestamp with time zone",
                  "text[]",
                  "text[]",
                  "text[]",
                  "integer",
                  "text",
                  "text[]",
                  "text")),
          Map.entry(
              "updraft_start_runs",
              List.of(
                  "timestamp with time zone",
                  "bigint[]",
                  "text[]",
                  "integer[]",
                  "integer[]",
                  "bigint[]",
                  "text[]")),
          Map.entry(
              "updraft_queue_ready",
              List.of(
                  "bigint",
                  "text",
                  "timestamp with time zone",
                  "text[]",
                  "text[]",
                  "text[]",
                  "integer",
                  "text",
                  "text[]")),
          Map.entry("updraft_lock_queueing", List.of("bigint", "text", "text[]")),
          Map.entry(
              "updraft_change_tasks",
              List.of(
                  "bigint[]",
                  "integer[]",
                  "text[]",
                  "text[]",
                  "integer[]",
                  "timestamp with time zone[]",
                  "timestamp with time zone[]",
                  "text[]",
                  "text[]")),
          Map.entry("updraft_lock_pools_and_dags", List.of("text[]", "text[]")),
          Map.entry("updraft_lock_admission", List.of("bigint[]")),
          Map.entry("updraft_admit", List.of("bigint[]", "integer")),
          Map.entry("updraft_transition_allowed", List.of("text", "text")),
          Map.entry("updraft_json_texts", List.of("jsonb")),
          Map.entry("updraft_delete_history_and_logs", List.of()),
          Map.entry(
              "updraft_add_missing_tasks",
              List.of(
                  "bigint",
                  "text",
                  "text",
                  "timestamp with time zone",
                  "text[]",
                  "integer[]",
                  "text[]",
                  "text[]",
                  "integer[]",
                  "integer[]")),
          Map.entry(
              "updraft_create_and_start_run",
              List.of(
                  "text",
                  "text",
                  "text",
                  "timestamp with time zone",
                  "timestamp with time zone",
                  "timestamp with time zone",
                  "jsonb",
                  "text",
                  "timestamp with time zone",
                  "text[]",
                  "integer[]",
                  "text[]",
                  "text[]",
                  "integer[]",
                  "integer[]",
                  "integer",
                  "integer")));

  /** PostgreSQL's short names, as the calls' casts write them, and its own. */
  private static final Map<String, String> TYPE_NAMES =
      Map.of(
          "int", "integer",
          "int[]", "integer[]",
          "timestamptz", "timestamp with time zone",
          "timestamptz[]", "timestamp with time zone[]");

  private static final Pattern CALLED = Pattern.compile("\\b(updraft_[a-z_]+)\\(");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @Test
  void each_function_the_code_calls_exists_once_with_the_expected_argument_types() {
    for (Map.Entry<String, List<String>> function : EXPECTED.entrySet()) {
      List<List<String>> overloads =
          postgres
              .database()
              .dsl()
              .fetch(
                  """
                  select array(select format_type(a.type, null)
                                 from unnest(p.proargtypes::oid[]) with ordinality as a(type, n)
                                order by a.n) as args
                    from pg_proc p join pg_namespace s on s.oid = p.pronamespace
                   where s.nspname = current_schema() and p.proname = ?
                  """,
                  function.getKey())
              .map(r -> Arrays.asList(r.get("args", String[].class)));

      assertThat(overloads).as(function.getKey()).containsExactly(function.getValue());
    }
  }

  @Test
  void each_call_in_java_names_the_parameters_of_its_function_in_order_with_their_types() {
    for (FunctionCall call : FunctionCall.all()) {
      var function =
          postgres
              .database()
              .dsl()
              .fetchSingle(
                  """
                  select p.proargnames as names,
                         array(select format_type(a.type, null)
                                 from unnest(p.proargtypes::oid[]) with ordinality as a(type, n)
                                order by a.n) as types
                    from pg_proc p join pg_namespace s on s.oid = p.pronamespace
                   where s.nspname = current_schema() and p.proname = ?
                  """,
                  call.function());
      List<String> names = Arrays.asList(function.get("names", String[].class));
      List<String> types = Arrays.asList(function.get("types", String[].class));

      assertThat(names.subList(0, types.size())).as(call.function()).isEqualTo(call.names());
      assertThat(call.types().stream().map(t -> TYPE_NAMES.getOrDefault(t, t)).toList())
          .as(call.function())
          .isEqualTo(types);
      assertThat(types).as(call.function()).isEqualTo(EXPECTED.get(call.function()));
    }
  }

  @Test
  void every_function_called_by_name_in_the_code_or_the_migrations_is_checked_here() {
    Set<String> called = new TreeSet<>();
    FunctionCall.all().forEach(call -> called.add(call.function()));
    for (Path file : files(Path.of("src/main/java"), ".java")) {
      called.addAll(calledIn(read(file)));
    }
    for (Path file : files(Path.of("src/main/resources/db/migration"), ".sql")) {
      called.addAll(calledIn(read(file).replaceAll("create or replace function \\w+\\(", "")));
    }

    assertThat(called).isNotEmpty();
    assertThat(EXPECTED.keySet()).containsAll(called);
  }

  private static List<String> calledIn(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = CALLED.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static List<Path> files(Path folder, String suffix) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(suffix)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
