package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.CONNECTION;
import static io.updraft.sql.jooq.Tables.VARIABLE;
import static org.jooq.impl.DSL.currentInstant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.updraft.core.connection.Connection;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.SecretsStore;
import io.updraft.sql.jooq.tables.records.ConnectionRecord;
import io.updraft.sql.jooq.tables.records.VariableRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Connections and variables in the metastore ({@code metastore} in {@code secrets.order}). The
 * password, the extra and a variable's value are stored only Fernet-encrypted: without a key,
 * writing fails rather than storing plain text.
 */
public final class PostgresSecretsBackend implements SecretsStore {
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final DSLContext dsl;
  private final FernetCipher cipher;

  public PostgresSecretsBackend(Database database, FernetCipher cipher) {
    this.dsl = database.dsl();
    this.cipher = cipher;
  }

  @Override
  public String name() {
    return "metastore";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    return dsl.selectFrom(CONNECTION)
        .where(CONNECTION.CONN_ID.eq(connId))
        .fetchOptional()
        .map(this::toConnection);
  }

  @Override
  public Optional<String> variable(String key) {
    return dsl.selectFrom(VARIABLE).where(VARIABLE.KEY.eq(key)).fetchOptional().map(this::toValue);
  }

  /** Whether a Fernet key is set, so that connections and variables can be written. */
  @Override
  public boolean canEncrypt() {
    return cipher.hasKey();
  }

  /** Adds or replaces a connection. */
  @Override
  public void put(Connection c) {
    String password = cipher.encrypt(c.password());
    String extra = c.extra().isEmpty() ? null : cipher.encrypt(Json.write(c.extra()));
    dsl.insertInto(CONNECTION)
        .set(CONNECTION.CONN_ID, c.connId())
        .set(CONNECTION.CONN_TYPE, c.connType() == null ? "" : c.connType())
        .set(CONNECTION.DESCRIPTION, c.description())
        .set(CONNECTION.HOST, c.host())
        .set(CONNECTION.LOGIN, c.login())
        .set(CONNECTION.PASSWORD, password)
        .set(CONNECTION.SCHEMA, c.schema())
        .set(CONNECTION.PORT, c.port())
        .set(CONNECTION.EXTRA, extra)
        .set(CONNECTION.IS_ENCRYPTED, true)
        .onConflict(CONNECTION.CONN_ID)
        .doUpdate()
        .set(CONNECTION.CONN_TYPE, c.connType() == null ? "" : c.connType())
        .set(CONNECTION.DESCRIPTION, c.description())
        .set(CONNECTION.HOST, c.host())
        .set(CONNECTION.LOGIN, c.login())
        .set(CONNECTION.PASSWORD, password)
        .set(CONNECTION.SCHEMA, c.schema())
        .set(CONNECTION.PORT, c.port())
        .set(CONNECTION.EXTRA, extra)
        .set(CONNECTION.IS_ENCRYPTED, true)
        .set(CONNECTION.UPDATED_AT, currentInstant())
        .execute();
  }

  /** Whether a connection existed and was deleted. */
  @Override
  public boolean deleteConnection(String connId) {
    return dsl.deleteFrom(CONNECTION).where(CONNECTION.CONN_ID.eq(connId)).execute() > 0;
  }

  /** Every connection, by conn id. */
  @Override
  public List<Connection> connections() {
    return dsl.selectFrom(CONNECTION).orderBy(CONNECTION.CONN_ID).fetch().map(this::toConnection);
  }

  @Override
  public void putVariable(String key, String value, String description) {
    String encrypted = cipher.encrypt(value);
    dsl.insertInto(VARIABLE)
        .set(VARIABLE.KEY, key)
        .set(VARIABLE.VAL, encrypted)
        .set(VARIABLE.DESCRIPTION, description)
        .set(VARIABLE.IS_ENCRYPTED, true)
        .onConflict(VARIABLE.KEY)
        .doUpdate()
        .set(VARIABLE.VAL, encrypted)
        .set(VARIABLE.DESCRIPTION, description)
        .set(VARIABLE.IS_ENCRYPTED, true)
        .set(VARIABLE.UPDATED_AT, currentInstant())
        .execute();
  }

  @Override
  public boolean deleteVariable(String key) {
    return dsl.deleteFrom(VARIABLE).where(VARIABLE.KEY.eq(key)).execute() > 0;
  }

  /** Every variable, by key, with its value. */
  @Override
  public Map<String, String> variables() {
    Map<String, String> result = new LinkedHashMap<>();
    dsl.selectFrom(VARIABLE)
        .orderBy(VARIABLE.KEY)
        .fetch()
        .forEach(r -> result.put(r.getKey(), toValue(r)));
    return result;
  }

  /** The description of every variable that has one, by key (descriptions are not encrypted). */
  @Override
  public Map<String, String> variableDescriptions() {
    Map<String, String> result = new LinkedHashMap<>();
    dsl.select(VARIABLE.KEY, VARIABLE.DESCRIPTION)
        .from(VARIABLE)
        .where(VARIABLE.DESCRIPTION.isNotNull())
        .orderBy(VARIABLE.KEY)
        .fetch()
        .forEach(r -> result.put(r.value1(), r.value2()));
    return result;
  }

  /**
   * Re-encrypts every password, extra and variable with the first key, in one transaction: either
   * every row is rotated or none is.
   *
   * @return the number of rows rewritten
   */
  public int rotate() {
    return Transactions.result(
        dsl,
        t -> {
          int rows = 0;
          for (ConnectionRecord r :
              t.selectFrom(CONNECTION)
                  .where(CONNECTION.IS_ENCRYPTED.isTrue())
                  .forUpdate()
                  .fetch()) {
            String what = "connection '" + r.getConnId() + "'";
            rows +=
                t.update(CONNECTION)
                    .set(CONNECTION.PASSWORD, rotate(r.getPassword(), "the password of " + what))
                    .set(CONNECTION.EXTRA, rotate(r.getExtra(), "the extra of " + what))
                    .where(CONNECTION.CONN_ID.eq(r.getConnId()))
                    .execute();
          }
          for (VariableRecord r :
              t.selectFrom(VARIABLE).where(VARIABLE.IS_ENCRYPTED.isTrue()).forUpdate().fetch()) {
            rows +=
                t.update(VARIABLE)
                    .set(VARIABLE.VAL, rotate(r.getVal(), "variable '" + r.getKey() + "'"))
                    .where(VARIABLE.KEY.eq(r.getKey()))
                    .execute();
          }
          return rows;
        });
  }

  private String rotate(String token, String what) {
    return token == null ? null : cipher.rotate(token, what);
  }

  private Connection toConnection(ConnectionRecord r) {
    String what = "connection '" + r.getConnId() + "'";
    boolean encrypted = Boolean.TRUE.equals(r.getIsEncrypted());
    String password =
        encrypted ? cipher.decrypt(r.getPassword(), "the password of " + what) : r.getPassword();
    String extra = encrypted ? cipher.decrypt(r.getExtra(), "the extra of " + what) : r.getExtra();
    return new Connection(
        r.getConnId(),
        r.getConnType(),
        r.getDescription(),
        r.getHost(),
        r.getLogin(),
        password,
        r.getSchema(),
        r.getPort(),
        parseExtra(extra, what));
  }

  private String toValue(VariableRecord r) {
    return Boolean.TRUE.equals(r.getIsEncrypted())
        ? cipher.decrypt(r.getVal(), "variable '" + r.getKey() + "'")
        : r.getVal();
  }

  private static Map<String, Object> parseExtra(String extra, String what) {
    if (extra == null || extra.isBlank()) {
      return Map.of();
    }
    try {
      return Json.MAPPER.readValue(extra, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The stored extra of " + what + " is not a JSON object");
    }
  }
}
