package io.updraft.hooks.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.TestConnections;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3HookTest {
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Hooks hooks =
      Hooks.load(
          id -> ConnectionLookup.of(connections).connection(id), getClass().getClassLoader());
  private final String bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
  private S3Hook s3;

  @BeforeEach
  void open() {
    connections.put("s3", TestConnections.s3("s3"));
    s3 = hooks.open("s3", S3Hook.class);
    s3.createBucket(bucket);
  }

  @AfterEach
  void close() {
    s3.close();
    hooks.close();
  }

  @Test
  void strings_bytes_and_files_go_up_and_come_back(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, "id,name\n1,apple\n");

    s3.putString(bucket, "a.txt", "héllo");
    s3.putBytes(bucket, "b.bin", new byte[] {1, 2, 3});
    s3.upload(bucket, "data/2026-01-01/data.csv", file);
    s3.download(bucket, "data/2026-01-01/data.csv", dir.resolve("copy.csv"));

    assertThat(s3.readString(bucket, "a.txt")).isEqualTo("héllo");
    assertThat(s3.readBytes(bucket, "b.bin")).containsExactly(1, 2, 3);
    assertThat(Files.readString(dir.resolve("copy.csv"), StandardCharsets.UTF_8))
        .isEqualTo("id,name\n1,apple\n");
    assertThat(s3.bucketExists(bucket)).isTrue();
    assertThat(s3.bucketExists(bucket + "-missing")).isFalse();
  }

  @Test
  void exists_checks_keys_and_prefixes() {
    s3.putString(bucket, "data/2026-01-01/data.csv", "x");

    assertThat(s3.exists(bucket, "data/2026-01-01/data.csv")).isTrue();
    assertThat(s3.exists(bucket, "data/2026-01-02/data.csv")).isFalse();
    assertThat(s3.prefixExists(bucket, "data/2026-01")).isTrue();
    assertThat(s3.prefixExists(bucket, "logs/")).isFalse();
  }

  @Test
  void list_follows_every_page_and_splits_folders_with_a_delimiter() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      keys.add("data/part-" + i + ".csv");
      s3.putString(bucket, "data/part-" + i + ".csv", "row " + i);
    }
    s3.putString(bucket, "data/archive/old.csv", "old");
    s3.putString(bucket, "readme.txt", "hi");

    S3Listing paged = s3.list(bucket, "data/", null, 2);
    S3Listing folders = s3.list(bucket, "data/", "/", 3);

    assertThat(paged.keys()).hasSize(8).containsAll(keys).contains("data/archive/old.csv");
    assertThat(folders.keys()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(folders.commonPrefixes()).containsExactly("data/archive/");
    assertThat(s3.keysMatching(bucket, "data/part-?.csv")).hasSize(7);
    assertThat(s3.keysMatching(bucket, "*.txt")).containsExactly("readme.txt");
  }

  @Test
  void delete_removes_many_keys_and_copy_duplicates_one() {
    s3.putString(bucket, "a", "1");
    s3.putString(bucket, "b", "2");
    s3.putString(bucket, "c", "3");

    s3.copy(bucket, "c", bucket, "copied/c");
    s3.delete(bucket, List.of("a", "b", "c"));

    assertThat(s3.listKeys(bucket, "")).containsExactly("copied/c");
    assertThat(s3.readString(bucket, "copied/c")).isEqualTo("3");
  }

  @Test
  void a_wrong_secret_is_refused_by_the_server_and_test_says_why() {
    connections.put("s3_bad", TestConnections.s3("s3_bad").withPassword("not-the-secret"));

    try (S3Hook bad = hooks.open("s3_bad", S3Hook.class)) {
      assertThat(bad.test().ok()).isFalse();
      assertThatThrownBy(() -> bad.readString(bucket, "a"))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageContaining("SignatureDoesNotMatch")
          .hasMessageNotContaining("not-the-secret")
          .hasRootCauseInstanceOf(S3Exception.class);
    }
    assertThat(s3.test().ok()).isTrue();
  }

  @Test
  void hooks_of_one_connection_share_the_sdk_client() {
    try (S3Hook other = hooks.open("s3", S3Hook.class)) {
      assertThat(other.s3()).isSameAs(s3.s3());
    }
  }

  @Test
  void the_wildcard_prefix_is_the_part_before_the_first_wildcard() {
    assertThat(new S3Wildcard("data/2026-*/x?.csv").prefix()).isEqualTo("data/2026-");
    assertThat(new S3Wildcard("data/x?.csv").prefix()).isEqualTo("data/x");
    assertThat(new S3Wildcard("plain").matches("plain")).isTrue();
    assertThat(new S3Wildcard("a.b*").matches("axb")).isFalse();
  }
}
