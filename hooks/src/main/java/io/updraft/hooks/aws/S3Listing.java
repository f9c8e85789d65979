package io.updraft.hooks.aws;

import java.util.List;

/**
 * What a listing found: object keys, and with a delimiter the "folders" (common prefixes) below the
 * prefix.
 */
public record S3Listing(List<String> keys, List<String> commonPrefixes) {
  public S3Listing {
    keys = List.copyOf(keys);
    commonPrefixes = List.copyOf(commonPrefixes);
  }
}
