/** The ports through which task messages and run events travel. */
package io.updraft.core.queue;
