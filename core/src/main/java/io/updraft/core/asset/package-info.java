/** Asset events and the store that records them and creates the runs they trigger. */
package io.updraft.core.asset;
