/** Example DAGs, written as a user would write them. */
package io.updraft.dags;
