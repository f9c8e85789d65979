/**
 * AWS: an S3 hook over a shared SDK v2 client, S3 operators and a key sensor, and the Secrets
 * Manager secrets backend.
 */
package io.updraft.hooks.aws;
