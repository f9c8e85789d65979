/**
 * Google Cloud: a BigQuery hook over a shared client and its insert-job operator, and the Secret
 * Manager secrets backend.
 */
package io.updraft.hooks.google;
