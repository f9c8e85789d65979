/** Google Cloud: the Secret Manager secrets backend. */
package io.updraft.hooks.google;
