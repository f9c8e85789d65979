package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.API_TOKEN;
import static io.updraft.sql.jooq.Tables.APP_USER;
import static io.updraft.sql.jooq.Tables.UI_SESSION;

import io.updraft.core.auth.Role;
import io.updraft.core.auth.Session;
import io.updraft.core.auth.StoredUser;
import io.updraft.core.auth.TokenInfo;
import io.updraft.core.auth.User;
import io.updraft.core.auth.UserStore;
import io.updraft.sql.jooq.tables.records.AppUserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Users, API tokens and UI sessions in PostgreSQL. */
public final class PostgresUserStore implements UserStore {
  private final DSLContext dsl;

  public PostgresUserStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public boolean create(String username, String passwordHash, Role role, Instant at) {
    return dsl.insertInto(APP_USER)
            .set(APP_USER.USERNAME, username)
            .set(APP_USER.PASSWORD_HASH, passwordHash)
            .set(APP_USER.ROLE, role.wireName())
            .set(APP_USER.CREATED_AT, at)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  @Override
  public Optional<StoredUser> find(String username) {
    return dsl.selectFrom(APP_USER)
        .where(APP_USER.USERNAME.eq(username))
        .fetchOptional()
        .map(r -> new StoredUser(user(r), r.getPasswordHash()));
  }

  @Override
  public List<User> list() {
    return dsl.selectFrom(APP_USER).orderBy(APP_USER.USERNAME).fetch(PostgresUserStore::user);
  }

  @Override
  public void saveToken(String tokenHash, String username, Instant createdAt, Instant expiresAt) {
    dsl.insertInto(API_TOKEN)
        .set(API_TOKEN.TOKEN_HASH, tokenHash)
        .set(API_TOKEN.USERNAME, username)
        .set(API_TOKEN.CREATED_AT, createdAt)
        .set(API_TOKEN.EXPIRES_AT, expiresAt)
        .execute();
  }

  @Override
  public Optional<User> userForToken(String tokenHash, Instant now) {
    return dsl.select(APP_USER.fields())
        .from(API_TOKEN)
        .join(APP_USER)
        .on(APP_USER.USERNAME.eq(API_TOKEN.USERNAME))
        .where(
            API_TOKEN.TOKEN_HASH.eq(tokenHash),
            API_TOKEN.EXPIRES_AT.gt(now),
            APP_USER.ENABLED.isTrue())
        .fetchOptionalInto(APP_USER)
        .map(PostgresUserStore::user);
  }

  @Override
  public Optional<Instant> tokenExpiry(String tokenHash) {
    return dsl.select(API_TOKEN.EXPIRES_AT)
        .from(API_TOKEN)
        .where(API_TOKEN.TOKEN_HASH.eq(tokenHash))
        .fetchOptional(API_TOKEN.EXPIRES_AT);
  }

  @Override
  public void saveSession(String idHash, String username, String csrfToken, Instant expiresAt) {
    // Signing in is a good moment to forget sessions that ended long ago.
    dsl.deleteFrom(UI_SESSION)
        .where(UI_SESSION.EXPIRES_AT.lt(expiresAt.minusSeconds(86_400 * 7)))
        .execute();
    dsl.insertInto(UI_SESSION)
        .set(UI_SESSION.ID_HASH, idHash)
        .set(UI_SESSION.USERNAME, username)
        .set(UI_SESSION.CSRF_TOKEN, csrfToken)
        .set(UI_SESSION.EXPIRES_AT, expiresAt)
        .execute();
  }

  @Override
  public Optional<Session> findSession(String idHash, Instant now) {
    return dsl.select(APP_USER.fields())
        .select(UI_SESSION.CSRF_TOKEN, UI_SESSION.EXPIRES_AT)
        .from(UI_SESSION)
        .join(APP_USER)
        .on(APP_USER.USERNAME.eq(UI_SESSION.USERNAME))
        .where(
            UI_SESSION.ID_HASH.eq(idHash), UI_SESSION.EXPIRES_AT.gt(now), APP_USER.ENABLED.isTrue())
        .fetchOptional()
        .map(
            r ->
                new Session(
                    user(r.into(APP_USER)),
                    r.get(UI_SESSION.CSRF_TOKEN),
                    r.get(UI_SESSION.EXPIRES_AT)));
  }

  @Override
  public void deleteSession(String idHash) {
    dsl.deleteFrom(UI_SESSION).where(UI_SESSION.ID_HASH.eq(idHash)).execute();
  }

  @Override
  public <T> Optional<T> changeUser(String username, UserChange<T> change) {
    return Transactions.result(
        dsl,
        db -> {
          // Locks every enabled admin: concurrent changes of admins wait for each other.
          int admins =
              db.select(APP_USER.USERNAME)
                  .from(APP_USER)
                  .where(APP_USER.ROLE.eq(Role.ADMIN.wireName()), APP_USER.ENABLED.isTrue())
                  .forUpdate()
                  .fetch()
                  .size();
          Optional<AppUserRecord> found =
              db.selectFrom(APP_USER)
                  .where(APP_USER.USERNAME.eq(username))
                  .forUpdate()
                  .fetchOptional();
          if (found.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(change.apply(user(found.get()), admins, editor(db, username)));
        });
  }

  private static UserEditor editor(DSLContext db, String username) {
    return new UserEditor() {
      @Override
      public void setPasswordHash(String hash) {
        db.update(APP_USER)
            .set(APP_USER.PASSWORD_HASH, hash)
            .where(APP_USER.USERNAME.eq(username))
            .execute();
      }

      @Override
      public void setRole(Role role) {
        db.update(APP_USER)
            .set(APP_USER.ROLE, role.wireName())
            .where(APP_USER.USERNAME.eq(username))
            .execute();
      }

      @Override
      public void setEnabled(boolean enabled) {
        db.update(APP_USER)
            .set(APP_USER.ENABLED, enabled)
            .where(APP_USER.USERNAME.eq(username))
            .execute();
      }

      @Override
      public void delete() {
        // Tokens and sessions go with it (on delete cascade).
        db.deleteFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).execute();
      }

      @Override
      public void endCredentials() {
        db.deleteFrom(UI_SESSION).where(UI_SESSION.USERNAME.eq(username)).execute();
        db.deleteFrom(API_TOKEN).where(API_TOKEN.USERNAME.eq(username)).execute();
      }
    };
  }

  @Override
  public List<TokenInfo> tokens(String username) {
    return dsl.selectFrom(API_TOKEN)
        .where(username == null ? DSL.noCondition() : API_TOKEN.USERNAME.eq(username))
        .orderBy(API_TOKEN.CREATED_AT.desc())
        .fetch(
            r ->
                new TokenInfo(
                    r.getTokenHash().substring(0, TokenInfo.ID_LENGTH),
                    r.getUsername(),
                    r.getCreatedAt(),
                    r.getExpiresAt()));
  }

  @Override
  public int revokeToken(String id) {
    if (id == null || !id.matches("[0-9a-f]{" + TokenInfo.ID_LENGTH + "}")) {
      return 0;
    }
    return dsl.deleteFrom(API_TOKEN).where(API_TOKEN.TOKEN_HASH.startsWith(id)).execute();
  }

  private static User user(AppUserRecord r) {
    return new User(
        r.getUsername(), Role.fromWireName(r.getRole()), r.getCreatedAt(), r.getEnabled());
  }
}
