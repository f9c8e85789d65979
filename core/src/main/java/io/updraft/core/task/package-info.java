/** What a running task sees: its context and its log. */
package io.updraft.core.task;
