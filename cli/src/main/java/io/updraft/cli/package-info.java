/** The updraft command: one composition root per process, standalone, admin commands. */
package io.updraft.cli;
