/** Hooks: clients of external systems opened from a conn id, pooled per connection fingerprint. */
package io.updraft.core.hook;
