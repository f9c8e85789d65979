package io.updraft.dags.exchange;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link ExchangeRatesHook}s for conn type {@code exchange_rates}. */
public final class ExchangeRatesHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("exchange_rates");
  }

  @Override
  public String displayName() {
    return "Exchange rates API";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return ExchangeRatesHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "API host", "rates.example.com"),
        ConnectionField.of("port", "Port", "443"),
        ConnectionField.of("schema", "Scheme", "https"),
        ConnectionField.secret("password", "API key", ""));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new ExchangeRatesHook(connection, pools);
  }
}
