/**
 * A hook of your own, the way to write one: an exchange-rates API client opened from a connection
 * of a new conn type, {@code exchange_rates}.
 *
 * <ol>
 *   <li>Write the hook: extend {@link io.updraft.core.hook.PooledHook} with the client your API
 *       needs ({@link ExchangeRatesHook} uses the JDK's {@code HttpClient}). The base class borrows
 *       the client from the worker's shared pools: one client per connection, replaced when the
 *       connection's secret changes, closed when the last task using the old one is done. Give it
 *       the methods your tasks call, and a {@code test()} that proves the credentials work.
 *   <li>Write its factory ({@link ExchangeRatesHookFactory}): the conn types it opens, the
 *       connection fields it reads with their labels for the UI's form, and {@code open}.
 *   <li>List the factory in {@code META-INF/services/io.updraft.core.hook.HookFactory}.
 *   <li>Define a connection, e.g. {@code
 *       UPDRAFT_CONN_EXCHANGE_RATES=exchange-rates://:MY_API_KEY@rates.example.com:443/https} (a
 *       URI writes the conn type's {@code _} as {@code -}).
 *   <li>Use it in a task: {@code ctx.hook("exchange_rates", ExchangeRatesHook.class)}. The worker
 *       closes it at the end of the task if you do not.
 * </ol>
 *
 * <p>{@code ExchangeRatesHookTest} tests the hook against a local HTTP server, and the end-to-end
 * test runs {@link ExampleExchangeRatesDag} on a scheduler and a worker.
 */
package io.updraft.dags.exchange;
