package io.updraft.hooks.google;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.Data;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.GetQueryResultsResponse;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfiguration;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.TableCell;
import com.google.api.services.bigquery.model.TableDataInsertAllRequest;
import com.google.api.services.bigquery.model.TableDataInsertAllResponse;
import com.google.api.services.bigquery.model.TableDataList;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.spi.v2.BigQueryRpc;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google BigQuery. Jobs are given in the REST form that Airflow's {@code BigQueryInsertJobOperator}
 * takes (<code>{"query": {"query": "...", "useLegacySql": false}}</code>), polled until done, and
 * cancelled when the waiting thread is interrupted (the task was killed or timed out), so no query
 * keeps running, and billing, after its task is gone.
 */
public final class BigQueryHook extends PooledHook<BigQueryClients.Client> {
  private static final Logger LOG = LoggerFactory.getLogger(BigQueryHook.class);

  private final Duration pollInterval;

  BigQueryHook(Connection connection, SharedPools pools) {
    super(connection, pools, "bigquery", BigQueryClients::create);
    String poll = BigQueryClients.extra(connection, "poll_interval");
    this.pollInterval =
        Duration.ofMillis(poll == null ? 2000 : Math.round(Double.parseDouble(poll) * 1000));
  }

  public String project() {
    return client().project();
  }

  /** The high-level client, for what this hook does not cover. */
  public com.google.cloud.bigquery.BigQuery bigquery() {
    return client().bigquery();
  }

  /**
   * Runs a job from its configuration and waits for it to finish.
   *
   * @param jobId the id to give the job, or null for a fresh one
   * @return the job's id
   * @throws BigQueryJobException when the job ends with an error
   * @throws InterruptedException after cancelling the job, when the thread is interrupted
   */
  public String insertJob(Map<String, Object> configuration, String jobId)
      throws InterruptedException {
    String id = submitJob(configuration, jobId);
    waitForJob(id);
    return id;
  }

  /** Submits a job without waiting; returns its id. */
  public String submitJob(Map<String, Object> configuration, String jobId) {
    String id = jobId == null ? "updraft_" + UUID.randomUUID().toString().replace('-', '_') : jobId;
    JobReference reference =
        new JobReference().setProjectId(project()).setJobId(id).setLocation(client().location());
    Job job = new Job().setJobReference(reference).setConfiguration(parse(configuration));
    Job created = rpc(c -> c.rpc().create(job, Map.of()));
    LOG.info("BigQuery job {} submitted", created.getJobReference().getJobId());
    return created.getJobReference().getJobId();
  }

  /** Polls a job until it is done; cancels it if interrupted meanwhile. */
  public void waitForJob(String jobId) throws InterruptedException {
    try {
      while (true) {
        Job job = rpc(c -> c.rpc().getJob(c.project(), jobId, c.location(), Map.of()));
        if (job == null) {
          throw new BigQueryJobException("BigQuery job " + jobId + " does not exist");
        }
        if ("DONE".equals(job.getStatus().getState())) {
          ErrorProto error = job.getStatus().getErrorResult();
          if (error != null) {
            throw new BigQueryJobException(
                "BigQuery job "
                    + jobId
                    + " failed: "
                    + error.getReason()
                    + ": "
                    + error.getMessage());
          }
          return;
        }
        Thread.sleep(pollInterval);
      }
    } catch (InterruptedException e) {
      cancelJob(jobId);
      throw e;
    } catch (RuntimeException e) {
      // An interrupt that lands during a poll's HTTP call closes its channel, and the client
      // reports that as its own error ("Closed by interrupt"): it is still the task being stopped.
      if (!Thread.interrupted()) {
        throw e;
      }
      cancelJob(jobId);
      InterruptedException interrupted =
          new InterruptedException("Interrupted while waiting for BigQuery job " + jobId);
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /** Asks BigQuery to cancel a job; a job already done is left as it is. */
  public void cancelJob(String jobId) {
    try {
      rpc(c -> c.rpc().cancel(c.project(), jobId, c.location()));
      LOG.info("BigQuery job {} cancelled", jobId);
    } catch (BigQueryException e) {
      LOG.warn("Cancelling BigQuery job {} failed: {}", jobId, e.getMessage());
    }
  }

  /**
   * Runs a standard-SQL query with named parameters ({@code @day}) and returns its rows, each a map
   * of column to value (INT64 as Long, FLOAT64 as Double, BOOL as Boolean, others as text).
   */
  public List<Map<String, Object>> records(String sql, Map<String, ?> params)
      throws InterruptedException {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("query", sql);
    query.put("useLegacySql", false);
    if (!params.isEmpty()) {
      query.put("parameterMode", "NAMED");
      query.put("queryParameters", QueryParameters.of(params));
    }
    String jobId = insertJob(Map.of("query", query), null);
    return jobRecords(jobId);
  }

  /** The rows of a finished query job, across all pages. */
  public List<Map<String, Object>> jobRecords(String jobId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    String pageToken = null;
    do {
      Map<BigQueryRpc.Option, Object> options = new HashMap<>();
      if (pageToken != null) {
        options.put(BigQueryRpc.Option.PAGE_TOKEN, pageToken);
      }
      GetQueryResultsResponse page =
          rpc(c -> c.rpc().getQueryResults(c.project(), jobId, c.location(), options));
      addRows(rows, page.getSchema(), page.getRows());
      pageToken = page.getPageToken();
    } while (pageToken != null);
    return rows;
  }

  /**
   * Streams rows into a table (BigQuery's insertAll).
   *
   * @throws BigQueryJobException naming the first refused row and why
   */
  public void insertRows(String dataset, String table, List<Map<String, Object>> rows) {
    List<TableDataInsertAllRequest.Rows> request = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      request.add(new TableDataInsertAllRequest.Rows().setJson(new LinkedHashMap<>(row)));
    }
    TableDataInsertAllResponse response =
        rpc(
            c ->
                c.rpc()
                    .insertAll(
                        c.project(),
                        dataset,
                        table,
                        new TableDataInsertAllRequest().setRows(request)));
    if (response.getInsertErrors() != null && !response.getInsertErrors().isEmpty()) {
      var first = response.getInsertErrors().getFirst();
      throw new BigQueryJobException(
          "BigQuery refused "
              + response.getInsertErrors().size()
              + " row(s) of "
              + dataset
              + "."
              + table
              + "; row "
              + first.getIndex()
              + ": "
              + first.getErrors().getFirst().getMessage());
    }
  }

  /** Reads up to {@code maxRows} rows of a table, in the table's column order. */
  public List<Map<String, Object>> readRows(String dataset, String table, int maxRows) {
    TableSchema schema =
        rpc(c -> c.rpc().getTable(c.project(), dataset, table, Map.of()).getSchema());
    List<Map<String, Object>> rows = new ArrayList<>();
    String pageToken = null;
    do {
      Map<BigQueryRpc.Option, Object> options = new HashMap<>();
      options.put(BigQueryRpc.Option.MAX_RESULTS, (long) maxRows - rows.size());
      if (pageToken != null) {
        options.put(BigQueryRpc.Option.PAGE_TOKEN, pageToken);
      }
      TableDataList page = rpc(c -> c.rpc().listTableData(c.project(), dataset, table, options));
      addRows(rows, schema, page.getRows());
      pageToken = page.getPageToken();
    } while (pageToken != null && rows.size() < maxRows);
    return rows;
  }

  @Override
  public HookTestResult test() {
    try {
      var datasets =
          rpc(c -> c.rpc().listDatasets(c.project(), Map.of(BigQueryRpc.Option.MAX_RESULTS, 1L)));
      return HookTestResult.ok(
          "Connected to project "
              + project()
              + (datasets.y().iterator().hasNext() ? "" : " (no datasets)"));
    } catch (BigQueryException | CredentialsRejectedException e) {
      return HookTestResult.failed(e);
    }
  }

  /**
   * Runs one BigQuery call; when Google rejects the credentials, the connection is fetched again,
   * bypassing the secrets cache, and the call retried once with the new key.
   */
  private <T> T rpc(Function<BigQueryClients.Client, T> call) {
    return withCredentials(
        c -> {
          try {
            return call.apply(c);
          } catch (BigQueryException e) {
            throw GoogleRejections.signal(e, "BigQuery", connection().connId());
          }
        });
  }

  private static JobConfiguration parse(Map<String, Object> configuration) {
    try {
      return GsonFactory.getDefaultInstance()
          .fromString(Json.MAPPER.writeValueAsString(configuration), JobConfiguration.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The BigQuery job configuration is not valid: " + e.getMessage(), e);
    }
  }

  private static void addRows(
      List<Map<String, Object>> into, TableSchema schema, List<TableRow> rows) {
    if (rows == null || schema == null) {
      return;
    }
    List<TableFieldSchema> fields = schema.getFields();
    for (TableRow row : rows) {
      List<TableCell> cells = row.getF();
      Map<String, Object> values = LinkedHashMap.newLinkedHashMap(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        values.put(fields.get(i).getName(), convert(fields.get(i).getType(), cells.get(i).getV()));
      }
      into.add(values);
    }
  }

  private static Object convert(String type, Object value) {
    if (value == null || Data.isNull(value)) {
      return null;
    }
    if (!(value instanceof String text)) {
      return value;
    }
    return switch (type) {
      case "INTEGER", "INT64" -> Long.parseLong(text);
      case "FLOAT", "FLOAT64" -> Double.parseDouble(text);
      case "BOOLEAN", "BOOL" -> Boolean.parseBoolean(text);
      default -> text;
    };
  }
}
