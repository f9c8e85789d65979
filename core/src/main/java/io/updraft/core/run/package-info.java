/** Runs, task instances and the ports of the stores that keep them. */
package io.updraft.core.run;
