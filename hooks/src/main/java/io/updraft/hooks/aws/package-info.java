/**
 * AWS: an S3 hook over a shared SDK v2 client, S3 operators and a key sensor, the Secrets Manager
 * and Parameter Store secrets backends, and STS assume-role for all of their clients.
 */
package io.updraft.hooks.aws;
