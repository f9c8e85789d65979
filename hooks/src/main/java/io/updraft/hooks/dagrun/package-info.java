/** Cross-DAG dependencies: trigger another DAG's run, wait for another DAG's task or run. */
package io.updraft.hooks.dagrun;
