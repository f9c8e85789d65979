package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.IMPORT_ERROR;
import static org.jooq.impl.DSL.excluded;

import io.updraft.core.dag.DagFileError;
import io.updraft.core.run.ImportError;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.sql.jooq.tables.records.ImportErrorRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code import_error} table: one row per DAG file that did not load. */
public final class PostgresImportErrorStore implements ImportErrorStore {
  private final DSLContext dsl;

  public PostgresImportErrorStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public void replaceAll(List<DagFileError> current, Instant now) {
    Transactions.run(
        dsl,
        t -> {
          t.deleteFrom(IMPORT_ERROR)
              .where(IMPORT_ERROR.FILENAME.notIn(current.stream().map(DagFileError::file).toList()))
              .execute();
          for (DagFileError error : current) {
            // Schedulers that see the same folder write the same rows: an unchanged error keeps
            // its id and the time it was first recorded.
            t.insertInto(IMPORT_ERROR)
                .set(IMPORT_ERROR.FILENAME, error.file())
                .set(IMPORT_ERROR.CODE_VERSION, error.codeVersion())
                .set(IMPORT_ERROR.MESSAGE, error.message())
                .set(IMPORT_ERROR.RECORDED_AT, now)
                .onConflict(IMPORT_ERROR.FILENAME)
                .doUpdate()
                .set(IMPORT_ERROR.CODE_VERSION, excluded(IMPORT_ERROR.CODE_VERSION))
                .set(IMPORT_ERROR.MESSAGE, excluded(IMPORT_ERROR.MESSAGE))
                .set(IMPORT_ERROR.RECORDED_AT, excluded(IMPORT_ERROR.RECORDED_AT))
                .where(
                    IMPORT_ERROR
                        .CODE_VERSION
                        .isDistinctFrom(excluded(IMPORT_ERROR.CODE_VERSION))
                        .or(IMPORT_ERROR.MESSAGE.isDistinctFrom(excluded(IMPORT_ERROR.MESSAGE))))
                .execute();
          }
        });
  }

  @Override
  public List<ImportError> list() {
    return dsl.selectFrom(IMPORT_ERROR)
        .orderBy(IMPORT_ERROR.FILENAME)
        .fetch(PostgresImportErrorStore::importError);
  }

  @Override
  public Optional<ImportError> find(long id) {
    return dsl.selectFrom(IMPORT_ERROR)
        .where(IMPORT_ERROR.ID.eq(id))
        .fetchOptional(PostgresImportErrorStore::importError);
  }

  private static ImportError importError(ImportErrorRecord r) {
    return new ImportError(
        r.getId(), r.getFilename(), r.getCodeVersion(), r.getMessage(), r.getRecordedAt());
  }
}
