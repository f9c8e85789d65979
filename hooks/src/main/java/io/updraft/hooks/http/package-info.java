/** HTTP APIs: a hook over a shared OkHttp client per connection, an operator and a sensor. */
package io.updraft.hooks.http;
