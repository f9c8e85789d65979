/** Task and run states, and the one table of allowed changes. */
package io.updraft.core.state;
