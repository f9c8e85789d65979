package io.updraft.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Health checks that read the metastore: is it up, and when did a scheduler last check in. They use
 * {@link Database#probe()}, so each answers within about a second even while the server is down.
 */
public final class PostgresHealth {
  private final DSLContext dsl;

  public PostgresHealth(Database database) {
    this.dsl = DSL.using(database.probe(), SQLDialect.POSTGRES);
  }

  /**
   * Whether the database answers a trivial query within about a second; false rather than an
   * exception when not.
   */
  public boolean databaseUp() {
    try {
      dsl.fetchValue("select 1");
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  /**
   * The most recent check-in of any scheduler node, from Quartz's own cluster table (its times are
   * epoch milliseconds); empty when no scheduler has ever run.
   */
  public Optional<Instant> lastSchedulerCheckin() {
    // Plain SQL: the qrtz_* tables belong to Quartz and get no generated classes.
    Long millis =
        dsl.select(max(field(name("last_checkin_time"), Long.class)))
            .from(table(name("qrtz_scheduler_state")))
            .fetchSingle()
            .value1();
    return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
  }
}
