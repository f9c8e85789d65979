/**
 * Google Cloud: a BigQuery hook over a shared client per connection and its insert-job operator.
 */
package io.updraft.hooks.google;
