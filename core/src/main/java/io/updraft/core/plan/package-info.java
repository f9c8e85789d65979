/** Planning: which tasks of a run are ready, and carrying that out. */
package io.updraft.core.plan;
