package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;
import static org.jooq.impl.DSL.excluded;

import io.updraft.core.cache.LeastRecentlyUsed;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagPage;
import io.updraft.core.run.DagQuery;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.StoredDag;
import io.updraft.sql.jooq.tables.records.DagRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record4;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** The {@code dag} table in PostgreSQL. */
public final class PostgresDagStore implements DagStore {
  private final DSLContext dsl;
  private final KnownDagChoices choices;

  public PostgresDagStore(Database database) {
    this.dsl = database.dsl();
    this.choices = new KnownDagChoices(dsl);
  }

  @Override
  public boolean save(DagStructure structure, String codeVersion, Instant at, boolean pausedIfNew) {
    String hash = structure.versionHash();
    // Every scheduler saves every DAG on every parse; the version check keeps that a no-op (no
    // row version, no WAL) unless the structure or its jar changed or the DAG was inactive.
    // is_paused is never overwritten here.
    return Transactions.result(
        dsl, db -> saveIn(db, structure, codeVersion, at, pausedIfNew, hash));
  }

  private static boolean saveIn(
      DSLContext db,
      DagStructure structure,
      String codeVersion,
      Instant at,
      boolean pausedIfNew,
      String hash) {
    boolean saved =
        db.insertInto(DAG)
                .set(DAG.DAG_ID, structure.dagId())
                .set(DAG.DESCRIPTION, structure.description())
                .set(DAG.SCHEDULE, structure.schedule())
                .set(DAG.TIMEZONE, structure.timezone())
                .set(DAG.IS_PAUSED, pausedIfNew)
                .set(DAG.STRUCTURE, JSONB.jsonb(structure.toJson()))
                .set(DAG.VERSION_HASH, hash)
                .set(DAG.CODE_VERSION, codeVersion)
                .set(DAG.IS_ACTIVE, true)
                .set(DAG.CREATED_AT, at)
                .set(DAG.UPDATED_AT, at)
                .onConflict(DAG.DAG_ID)
                .doUpdate()
                .set(DAG.DESCRIPTION, excluded(DAG.DESCRIPTION))
                .set(DAG.SCHEDULE, excluded(DAG.SCHEDULE))
                .set(DAG.TIMEZONE, excluded(DAG.TIMEZONE))
                .set(DAG.STRUCTURE, excluded(DAG.STRUCTURE))
                .set(DAG.VERSION_HASH, excluded(DAG.VERSION_HASH))
                .set(DAG.CODE_VERSION, excluded(DAG.CODE_VERSION))
                .set(DAG.IS_ACTIVE, true)
                .set(DAG.UPDATED_AT, excluded(DAG.UPDATED_AT))
                .where(
                    DAG.VERSION_HASH
                        .ne(excluded(DAG.VERSION_HASH))
                        .or(DAG.CODE_VERSION.isDistinctFrom(excluded(DAG.CODE_VERSION)))
                        .or(DAG.IS_ACTIVE.isFalse()))
                .execute()
            == 1;
    if (saved) {
      // The asset schedule follows the structure it came with, in the same commit.
      PostgresAssetSchedules.register(db, structure, at);
    }
    return saved;
  }

  /**
   * Structures already parsed, by version hash: schedulers and workers read a DAG on every plan,
   * and parsing a DAG of thousands of tasks costs far more than reading it. The versions a process
   * meets (one per DAG, and a few older ones) fit: thousands of DAGs are listed every second by the
   * sweep, and a smaller cache would parse each of them again each time. The oldest are dropped
   * past {@link #PARSED_VERSIONS}.
   */
  private final Map<String, DagStructure> parsed = LeastRecentlyUsed.map(PARSED_VERSIONS);

  private static final int PARSED_VERSIONS = 8_192;

  @Override
  public List<String> deactivateJarDagsOtherThan(Set<String> loaded, Instant at) {
    return dsl.update(DAG)
        .set(DAG.IS_ACTIVE, false)
        .set(DAG.UPDATED_AT, at)
        .where(DAG.IS_ACTIVE.isTrue())
        .and(DAG.CODE_VERSION.isNotNull())
        .and(DAG.DAG_ID.notIn(loaded))
        .returning(DAG.DAG_ID)
        .fetch(DAG.DAG_ID);
  }

  @Override
  public Optional<StoredDag> find(String dagId) {
    return dsl.select(WITHOUT_STRUCTURE)
        .from(DAG)
        .where(DAG.DAG_ID.eq(dagId))
        .fetchOptional(r -> r.into(DAG))
        .flatMap(this::stored);
  }

  @Override
  public List<StoredDag> list() {
    return stored(
        dsl.select(WITHOUT_STRUCTURE).from(DAG).orderBy(DAG.DAG_ID).fetch(r -> r.into(DAG)));
  }

  @Override
  public DagPage page(DagQuery query, int offset, int limit) {
    // One scan gives the filter's counts, the count of all DAGs and the mark of the labels: the
    // matching condition once per row (a last-run filter probes dag_run), then counted.
    Table<?> rows =
        dsl.select(
                // true when no filter: jOOQ renders an empty condition as a field as null
                DSL.field(DSL.trueCondition().and(DagConditions.of(query.anyPaused()))).as(MATCHES),
                DAG.IS_PAUSED,
                KnownDagChoices.ROW_HASH.as(ROW_HASH))
            .from(DAG)
            .asTable("d");
    Condition matches = DSL.condition(rows.field(MATCHES, Boolean.class));
    Condition isPaused = DSL.condition(rows.field(DAG.IS_PAUSED));
    Record4<Integer, Integer, Integer, BigDecimal> counts =
        dsl.select(
                DSL.count().filterWhere(matches),
                DSL.count().filterWhere(matches.and(isPaused)),
                DSL.count(),
                DSL.sum(rows.field(ROW_HASH, Long.class)))
            .from(rows)
            .fetchSingle();
    Condition paused =
        query.paused() == null ? DSL.noCondition() : DAG.IS_PAUSED.eq(query.paused());
    List<DagRecord> summaries =
        limit == 0
            ? List.of()
            : dsl.select(WITHOUT_STRUCTURE)
                .from(DAG)
                .where(DagConditions.of(query.anyPaused()))
                .and(paused)
                .orderBy(DAG.DAG_ID)
                .offset(offset)
                .limit(limit)
                .fetch(r -> r.into(DAG));
    return new DagPage(
        stored(summaries),
        counts.value1(),
        counts.value2(),
        counts.value3(),
        choices.at(new KnownDagChoices.Mark(counts.value3(), counts.value4())));
  }

  private static final String MATCHES = "matches";
  private static final String ROW_HASH = "row_hash";

  /** The DAGs of rows read without their structure, each parsed at most once per version. */
  private List<StoredDag> stored(List<DagRecord> summaries) {
    // The structures not parsed yet in one query, not one each: with thousands of DAGs the
    // scheduler's sweep and the DAGs page would otherwise make thousands of round trips.
    String[] unparsed =
        summaries.stream()
            .filter(r -> !parsed.containsKey(r.getVersionHash()))
            .map(DagRecord::getDagId)
            .toArray(String[]::new);
    Map<String, DagRecord> whole =
        unparsed.length == 0
            ? Map.of()
            : dsl.selectFrom(DAG).where(DAG.DAG_ID.eq(DSL.any(unparsed))).fetchMap(DAG.DAG_ID);
    List<StoredDag> out = new ArrayList<>(summaries.size());
    for (DagRecord summary : summaries) {
      DagStructure known = parsed.get(summary.getVersionHash());
      DagRecord r = whole.get(summary.getDagId());
      if (known != null) {
        out.add(stored(summary, known));
      } else if (r != null) {
        out.add(
            stored(
                r,
                parsed.computeIfAbsent(
                    r.getVersionHash(), hash -> DagStructure.fromJson(r.getStructure().data()))));
      } else {
        stored(summary).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Every column but the structure: it is the bulk of the row (a DAG of thousands of tasks is
   * megabytes of JSON), and the parsed copy of its version is nearly always at hand already.
   */
  private static final List<Field<?>> WITHOUT_STRUCTURE =
      Arrays.stream(DAG.fields()).filter(f -> !f.equals(DAG.STRUCTURE)).toList();

  /**
   * @throws NoSuchElementException when no DAG has that id, so that a mistyped id is reported
   *     rather than silently ignored
   */
  @Override
  public void setPaused(String dagId, boolean paused) {
    int updated = dsl.update(DAG).set(DAG.IS_PAUSED, paused).where(DAG.DAG_ID.eq(dagId)).execute();
    if (updated == 0) {
      throw new NoSuchElementException(
          "No DAG '"
              + dagId
              + "' in the metastore; a DAG appears there once a scheduler has parsed it");
    }
  }

  /** The DAG of a row read without its structure; empty when it was deleted meanwhile. */
  private Optional<StoredDag> stored(DagRecord summary) {
    DagStructure known = parsed.get(summary.getVersionHash());
    if (known != null) {
      return Optional.of(stored(summary, known));
    }
    // Not parsed yet: the whole row, whose version may have moved on since the summary.
    return dsl.selectFrom(DAG)
        .where(DAG.DAG_ID.eq(summary.getDagId()))
        .fetchOptional()
        .map(
            r ->
                stored(
                    r,
                    parsed.computeIfAbsent(
                        r.getVersionHash(),
                        hash -> DagStructure.fromJson(r.getStructure().data()))));
  }

  private static StoredDag stored(DagRecord r, DagStructure structure) {
    return new StoredDag(
        r.getDagId(),
        structure,
        r.getVersionHash(),
        r.getIsPaused(),
        r.getUpdatedAt(),
        r.getCodeVersion(),
        r.getIsActive());
  }
}
