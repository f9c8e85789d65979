/** DAG jars loaded from a folder, each version in a class loader of its own, without a restart. */
package io.updraft.core.dag.folder;
