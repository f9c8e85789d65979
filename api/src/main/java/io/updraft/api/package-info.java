/** The HTTP face of Updraft: the JSON API under {@code /api/v1} and the server-rendered web UI. */
package io.updraft.api;
