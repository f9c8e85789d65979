/**
 * Checks of untrusted input (a run's id, conf and dates, any JSON a user sends), in one place for
 * every entry point: the API, the UI and the command line.
 */
package io.updraft.core.input;
