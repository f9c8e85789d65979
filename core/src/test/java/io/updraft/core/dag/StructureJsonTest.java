package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hand-written JSON behind the version hash against the mapper's, which stored hashes used. */
class StructureJsonTest {
  static String jacksonHash(DagStructure structure) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(Json.write(structure).getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(digest, 0, 16);
  }

  private static void assertSameAsTheMapper(DagStructure structure) throws Exception {
    assertThat(StructureJson.byHand(structure)).as("written by hand").isPresent();
    assertThat(StructureJson.of(structure)).isEqualTo(Json.write(structure));
    assertThat(structure.versionHash()).isEqualTo(jacksonHash(structure));
  }

  @Test
  void a_plain_dag_is_written_as_the_mapper_writes_it() throws Exception {
    Dag dag =
        Dag.builder("plain")
            .task(Task.java("a", ctx -> null))
            .task(Task.bash("b", "echo hi").after("a"))
            .build();

    assertSameAsTheMapper(dag.structure());
  }

  @Test
  void every_field_of_the_structure_is_written_as_the_mapper_writes_it() throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put(
        "bash_command",
        "echo \"$X\" \\ done\n\ttab\r\b\f\u0001\u001f\u007f é 漢字 😀 lone \uD800 surrogate");
    settings.put("env", new TreeMap<>(Map.of("Z", "1", "A", "2", "m", "3")));
    settings.put("numbers", List.of(1, -2L, 3.5, 1e300, 0.1f, 1e-7, (short) 4, (byte) 5));
    settings.put("big", List.of(new BigInteger("123456789012345678901234567890")));
    settings.put("decimal", new BigDecimal("1.50"));
    settings.put("decimal_exp", new BigDecimal("1E+3"));
    settings.put("flags", List.of(true, false));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("zeta", null);
    nested.put("alpha", Map.of("y", List.of(), "x", Map.of()));
    settings.put("nested", nested);
    settings.put("reverse", reverseSorted());
    Map<String, Param> params = new LinkedHashMap<>();
    params.put("zz", Param.of("x").description("last \"one\""));
    params.put("aa", Param.required("integer"));
    params.put("ünïcode", new Param(Map.of("k", List.of(1, 2)), "object", false, null));
    params.put("any", new Param(null, null, false, "no type"));
    params.put("num", Param.of(2.25));
    List<TaskNode> tasks =
        List.of(
            new TaskNode(
                "extract.ünï_😀",
                "bash",
                List.of(),
                3,
                300,
                "default",
                "default_pool",
                7,
                settings,
                TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS,
                WeightRule.ABSOLUTE,
                600L,
                TaskMapping.over(List.of(1, "two", Map.of("b", 1, "a", 2), List.of(3.0))),
                4,
                TaskRole.SETUP,
                "What \"it\" does\nover lines",
                "extract",
                PastDependency.TASK_AND_DOWNSTREAM,
                List.of(Asset.of("s3://bucket/a.parquet"), Asset.of("s3://b/c", "Named"))),
            new TaskNode(
                "mapped_over_xcom",
                "java",
                List.of("extract.ünï_😀"),
                0,
                0,
                null,
                null,
                1,
                Map.of(),
                null,
                null,
                null,
                TaskMapping.overXCom("extract.ünï_😀"),
                null,
                TaskRole.TEARDOWN,
                null,
                "a.b.c",
                PastDependency.TASK,
                List.of()));
    DagStructure full =
        new DagStructure(
            "dag_ünïcode_漢字",
            "desc with \"quotes\" and \\ and \u0000",
            "0 */2 * * *",
            "Europe/Paris",
            Instant.parse("2026-01-01T00:00:00Z"),
            true,
            List.of("b", "a", "日本"),
            tasks,
            Instant.parse("2027-03-04T05:06:07.123456789Z"),
            3,
            5,
            3600L,
            params,
            List.of(Asset.of("s3://in/x")),
            List.of("alice", "bob"));
    DagStructure nulls =
        new DagStructure(
            "nulls", null, null, null, null, false, null, List.of(), null, 0, 0, null, null, null,
            null);

    assertSameAsTheMapper(full);
    assertSameAsTheMapper(nulls);
  }

  @Test
  void a_value_of_a_kind_not_written_by_hand_still_hashes_as_the_mapper_writes_it()
      throws Exception {
    record Custom(String name, int size) {}
    for (Object odd :
        List.of(
            new Custom("x", 1),
            Set.of("one"),
            Map.of(1, "integer key"),
            Double.NaN,
            Float.POSITIVE_INFINITY,
            new int[] {1, 2},
            Instant.parse("2026-01-01T00:00:00Z"),
            TriggerRule.ALL_DONE)) {
      DagStructure structure =
          new DagStructure(
              "odd",
              null,
              null,
              "UTC",
              null,
              false,
              null,
              List.of(
                  new TaskNode(
                      "t", "java", List.of(), 0, 0, null, null, 1, Map.of("odd", List.of(odd)))),
              null,
              0,
              0,
              null,
              Map.of("p", Param.of(odd)));

      assertThat(StructureJson.byHand(structure)).isEmpty();
      assertThat(StructureJson.of(structure)).isEqualTo(Json.write(structure));
      assertThat(structure.versionHash()).isEqualTo(jacksonHash(structure));
    }
  }

  @Test
  void random_structures_are_written_as_the_mapper_writes_them() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      List<TaskNode> tasks = new ArrayList<>();
      int n = random.nextInt(6);
      for (int t = 0; t < n; t++) {
        tasks.add(
            new TaskNode(
                randomString(random),
                random.nextBoolean() ? "java" : "bash",
                tasks.isEmpty() ? List.of() : List.of(tasks.get(0).taskId()),
                random.nextInt(5),
                random.nextInt(1000),
                random.nextBoolean() ? null : randomString(random),
                random.nextBoolean() ? null : randomString(random),
                random.nextInt(),
                Map.of(randomString(random), randomValue(random, 3)),
                TriggerRule.values()[random.nextInt(TriggerRule.values().length)],
                WeightRule.values()[random.nextInt(WeightRule.values().length)],
                random.nextBoolean() ? null : random.nextLong(),
                random.nextBoolean()
                    ? null
                    : new TaskMapping(
                        List.of(randomValue(random, 2), randomValue(random, 2)), null),
                random.nextBoolean() ? null : random.nextInt(10),
                random.nextBoolean() ? null : TaskRole.values()[random.nextInt(2)],
                random.nextBoolean() ? null : randomString(random),
                random.nextBoolean() ? null : randomString(random).replace(".", ""),
                random.nextBoolean() ? null : PastDependency.values()[random.nextInt(2)],
                random.nextBoolean() ? List.of() : List.of(Asset.of("s3://x/" + i))));
      }
      Map<String, Param> params = new HashMap<>();
      for (int p = random.nextInt(4); p > 0; p--) {
        params.put(randomString(random), new Param(randomValue(random, 2), null, false, null));
      }
      DagStructure structure =
          new DagStructure(
              randomString(random),
              random.nextBoolean() ? null : randomString(random),
              random.nextBoolean() ? null : "@daily",
              "UTC",
              random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong(1L << 42)),
              random.nextBoolean(),
              List.of(randomString(random)),
              tasks,
              random.nextBoolean() ? null : Instant.ofEpochSecond(random.nextInt(), 1000),
              random.nextInt(20),
              random.nextInt(20),
              random.nextBoolean() ? null : random.nextLong(),
              params,
              random.nextBoolean() ? List.of() : List.of(Asset.of("s3://in/" + i)),
              random.nextBoolean() ? List.of() : List.of(randomString(random)));

      assertSameAsTheMapper(structure);
    }
  }

  private static Map<String, Object> reverseSorted() {
    Map<String, Object> reverse = new TreeMap<>(Collections.reverseOrder());
    reverse.put("a", 1);
    reverse.put("c", 3);
    reverse.put("b", 2);
    return reverse;
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i >= 0; i--) {
      s.appendCodePoint(
          switch (random.nextInt(5)) {
            case 0 -> random.nextInt(0x20);
            case 1 -> 0x20 + random.nextInt(0x60);
            case 2 -> 0x80 + random.nextInt(0x780);
            case 3 -> 0x4E00 + random.nextInt(0x100);
            default -> 0x1F600 + random.nextInt(0x40);
          });
    }
    return s.toString();
  }

  private static Object randomValue(Random random, int depth) {
    return switch (random.nextInt(depth > 0 ? 10 : 7)) {
      case 0 -> randomString(random);
      case 1 -> random.nextInt();
      case 2 -> random.nextLong();
      case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      case 4 -> random.nextBoolean();
      case 5 -> random.nextFloat();
      case 6 -> new BigDecimal(random.nextInt()).movePointLeft(random.nextInt(5));
      case 7 -> Arrays.asList(randomValue(random, depth - 1), null, randomValue(random, depth - 1));
      default -> {
        Map<String, Object> map = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(randomString(random), randomValue(random, depth - 1));
        }
        yield map;
      }
    };
  }
}
