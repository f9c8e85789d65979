/** Redis adapters: the task queue on streams with a consumer group, and run events on pub/sub. */
package io.updraft.queue;
