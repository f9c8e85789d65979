/** The audit log: who changed what, when and from where, through the UI, the API or the CLI. */
package io.updraft.core.audit;
