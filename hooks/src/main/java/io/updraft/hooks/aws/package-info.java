/** AWS: an S3 hook over a shared SDK v2 client per connection, S3 operators and a key sensor. */
package io.updraft.hooks.aws;
