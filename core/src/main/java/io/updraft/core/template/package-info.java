/** Jinja templating of task fields. */
package io.updraft.core.template;
