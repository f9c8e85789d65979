/** The worker: reserve, run, record, ack. */
package io.updraft.worker;
