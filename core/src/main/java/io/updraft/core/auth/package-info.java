/** Users, roles, password hashing, API tokens and UI sessions. */
package io.updraft.core.auth;
