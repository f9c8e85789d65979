/** Built-in hooks, operators and secrets backends, one sub-package per provider. */
package io.updraft.hooks;
