/** Configuration records and their loader (YAML plus environment overrides). */
package io.updraft.core.config;
