package io.updraft.dags;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ExampleDagsVersionHashTest {
  @Test
  void every_example_dag_keeps_the_version_hash_its_stored_json_had() throws Exception {
    DagBag bag = DagBag.load(getClass().getClassLoader());

    assertThat(bag.dags()).hasSizeGreaterThanOrEqualTo(11);
    for (Dag dag : bag.dags()) {
      DagStructure structure = dag.structure();
      assertThat(structure.versionHash()).as(dag.id()).isEqualTo(hashOfStoredJson(structure));
      // As read back from the dag table, too.
      DagStructure stored = DagStructure.fromJson(structure.toJson());
      assertThat(stored.versionHash()).as(dag.id()).isEqualTo(hashOfStoredJson(structure));
    }
  }

  /** The hash as computed before: SHA-256 of the mapper's JSON, first 16 bytes in hex. */
  private static String hashOfStoredJson(DagStructure structure) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(Json.write(structure).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }
}
