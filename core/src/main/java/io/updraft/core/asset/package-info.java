/** Asset events as tasks, the API and the UI read them: values that depend on nothing else. */
package io.updraft.core.asset;
