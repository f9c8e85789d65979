/** What every provider's operators share: sensors and the rendering of templated fields. */
package io.updraft.hooks.base;
