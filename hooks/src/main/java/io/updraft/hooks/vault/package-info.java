/**
 * HashiCorp Vault: a secrets backend over Vault's HTTP API (KV version 1 and 2), signed in with a
 * token, AppRole, Kubernetes or JWT.
 */
package io.updraft.hooks.vault;
