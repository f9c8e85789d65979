/** The project's one JSON mapping. */
package io.updraft.core.json;
