/** Email over SMTP (Jakarta Mail): the {@code smtp} connection's hook. */
package io.updraft.hooks.smtp;
