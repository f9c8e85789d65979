/** HashiCorp Vault: a secrets backend over Vault's HTTP API (KV version 1 and 2). */
package io.updraft.hooks.vault;
