/** What the processes report about their work, without naming a metrics library. */
package io.updraft.core.metrics;
