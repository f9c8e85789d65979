/** The DAG DSL: DAGs, tasks, operators, schedules, and their validation. */
package io.updraft.core.dag;
