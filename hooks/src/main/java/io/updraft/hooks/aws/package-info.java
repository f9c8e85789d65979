/** Amazon Web Services: the Secrets Manager secrets backend (AWS SDK v2). */
package io.updraft.hooks.aws;
