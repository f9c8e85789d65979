/**
 * Where connections and variables come from: the {@link io.updraft.core.secrets.SecretsBackend}
 * port, the environment and local-file backends, the ordered, cached and audited chain, and the
 * masker that keeps every fetched secret out of logs.
 */
package io.updraft.core.secrets;
