/** What each web page shows: the values the JTE templates render, and nothing else. */
package io.updraft.api.view;
