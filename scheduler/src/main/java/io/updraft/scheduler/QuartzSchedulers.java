package io.updraft.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds the clustered Quartz scheduler on PostgreSQL. It shares the application's connection pool
 * rather than opening its own, and only fires DAG schedules: task dispatch never goes through
 * Quartz, whose clustered store serialises on one lock row.
 */
final class QuartzSchedulers {
  private static final String DATA_SOURCE = "updraft";

  private QuartzSchedulers() {}

  static Scheduler create(DataSource dataSource, JobFactory jobFactory) throws SchedulerException {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new Provider(dataSource));
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", "UpdraftScheduler");
    props.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty("org.quartz.threadPool.threadCount", "2");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    props.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    props.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    props.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    props.setProperty("org.quartz.jobStore.isClustered", "true");
    props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    props.setProperty("org.quartz.jobStore.useProperties", "true");
    props.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    // As Quartz's own properties file would: an operator (or the scale benchmark) may tune the
    // thread pool or batch acquisition with -Dorg.quartz.…=… without a new setting of ours.
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("org.quartz."))
        .forEach(name -> props.setProperty(name, System.getProperty(name)));
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    scheduler.setJobFactory(jobFactory);
    return scheduler;
  }

  private record Provider(DataSource dataSource) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
      // The pool belongs to the application, which closes it.
    }

    @Override
    public void initialize() {}
  }
}
