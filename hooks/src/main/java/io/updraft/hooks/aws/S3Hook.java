package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Amazon S3 (and S3-compatible stores) through the connection's shared SDK client.
 *
 * <pre>{@code
 * try (S3Hook s3 = context.hook("aws_default", S3Hook.class)) {
 *   s3.upload("exports", "data/" + ds + "/data.csv", file);
 * }
 * }</pre>
 */
public final class S3Hook extends PooledHook<S3Client> {
  private static final int DELETE_BATCH = 1000;

  S3Hook(Connection connection, SharedPools pools) {
    super(connection, pools, "s3", S3Clients::create);
  }

  /** The SDK client, for what this hook does not cover. Do not close it: it is shared. */
  public S3Client s3() {
    return client();
  }

  public void createBucket(String bucket) {
    call(s3 -> s3.createBucket(b -> b.bucket(bucket)));
  }

  public boolean bucketExists(String bucket) {
    return call(
        s3 -> {
          try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
          } catch (NoSuchBucketException e) {
            return false;
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return false;
            }
            if (AwsRejections.unexplainedHeadRefusal(e)) {
              // The same permission (s3:ListBucket), and an answer with a body that says why.
              try {
                s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1));
                return true;
              } catch (NoSuchBucketException gone) {
                return false;
              }
            }
            throw e;
          }
        });
  }

  public void upload(String bucket, String key, Path file) {
    call(s3 -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)));
  }

  public void putString(String bucket, String key, String text) {
    call(
        s3 ->
            s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("text/plain; charset=utf-8"),
                RequestBody.fromString(text, StandardCharsets.UTF_8)));
  }

  public void putBytes(String bucket, String key, byte[] bytes) {
    call(s3 -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
  }

  public byte[] readBytes(String bucket, String key) {
    return call(s3 -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
  }

  public String readString(String bucket, String key) {
    return new String(readBytes(bucket, key), StandardCharsets.UTF_8);
  }

  /** Downloads an object to {@code file}, which must not exist yet. */
  public void download(String bucket, String key, Path file) {
    call(s3 -> s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file)));
  }

  /** Whether the object exists. */
  public boolean exists(String bucket, String key) {
    return call(
        s3 -> {
          try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
          } catch (NoSuchKeyException e) {
            return false;
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return false;
            }
            if (AwsRejections.unexplainedHeadRefusal(e)) {
              // The same permission (s3:GetObject), and an answer with a body that says why.
              try {
                s3.getObject(
                    b -> b.bucket(bucket).key(key).range("bytes=0-0"),
                    ResponseTransformer.toBytes());
                return true;
              } catch (NoSuchKeyException gone) {
                return false;
              }
            }
            throw e;
          }
        });
  }

  /** Whether any object's key starts with {@code prefix}. */
  public boolean prefixExists(String bucket, String prefix) {
    return call(s3 -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount())
        > 0;
  }

  /** Every key under {@code prefix}, across all pages. */
  public List<String> listKeys(String bucket, String prefix) {
    return list(bucket, prefix, null, 1000).keys();
  }

  /**
   * Lists under {@code prefix}, following every page of {@code pageSize}; with a {@code delimiter}
   * (usually {@code /}) keys below the next delimiter come back as common prefixes.
   */
  public S3Listing list(String bucket, String prefix, String delimiter, int pageSize) {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(bucket)
            .prefix(prefix == null ? "" : prefix)
            .delimiter(delimiter)
            .maxKeys(pageSize)
            .build();
    return call(
        s3 -> {
          List<String> keys = new ArrayList<>();
          List<String> prefixes = new ArrayList<>();
          for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(prefixes::add);
          }
          return new S3Listing(keys, prefixes);
        });
  }

  /**
   * Keys matching a pattern with {@code *} and {@code ?} (e.g. {@code data/2026-*}{@code /*.csv}).
   */
  public List<String> keysMatching(String bucket, String wildcardKey) {
    S3Wildcard wildcard = new S3Wildcard(wildcardKey);
    return listKeys(bucket, wildcard.prefix()).stream().filter(wildcard::matches).toList();
  }

  /**
   * Deletes keys, 1000 per request (S3's limit).
   *
   * @throws IllegalStateException naming the keys S3 refused to delete
   */
  public void delete(String bucket, List<String> keys) {
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          keys.subList(from, Math.min(from + DELETE_BATCH, keys.size())).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      DeleteObjectsResponse response =
          call(
              s3 ->
                  s3.deleteObjects(
                      b ->
                          b.bucket(bucket)
                              .delete(Delete.builder().objects(batch).quiet(true).build())));
      if (response.hasErrors() && !response.errors().isEmpty()) {
        throw new IllegalStateException(
            "S3 did not delete "
                + response.errors().size()
                + " key(s) of bucket "
                + bucket
                + ", e.g. "
                + response.errors().getFirst().key()
                + ": "
                + response.errors().getFirst().message());
      }
    }
  }

  public void copy(String sourceBucket, String sourceKey, String targetBucket, String targetKey) {
    call(
        s3 ->
            s3.copyObject(
                b ->
                    b.sourceBucket(sourceBucket)
                        .sourceKey(sourceKey)
                        .destinationBucket(targetBucket)
                        .destinationKey(targetKey)));
  }

  /**
   * Runs one S3 call; when AWS rejects the credentials (an unknown access key, a bad signature, an
   * expired token), the connection is fetched again, bypassing the secrets cache, and the call
   * retried once with the new keys.
   */
  private <T> T call(Function<S3Client, T> call) {
    return withCredentials(
        s3 -> {
          try {
            return call.apply(s3);
          } catch (AwsServiceException e) {
            throw AwsRejections.signal(e, "S3", connection().connId());
          }
        });
  }

  @Override
  public HookTestResult test() {
    try {
      int buckets = call(s3 -> s3.listBuckets().buckets().size());
      return HookTestResult.ok("Connected; " + buckets + " bucket(s) visible");
    } catch (SdkException | CredentialsRejectedException e) {
      return HookTestResult.failed(e);
    }
  }
}
