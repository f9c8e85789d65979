package io.updraft.hooks.ssh;

import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import java.util.Map;

/** Waits until a file or directory exists on an SFTP server, as Airflow's {@code SFTPSensor}. */
public final class SftpSensor extends Sensor {
  private final String connId;
  private final String path;

  /** {@code path} is a template, e.g. {@code /incoming/{{ ds }}.csv}. */
  public SftpSensor(String connId, String path, SensorSettings settings) {
    super(settings);
    this.connId = connId;
    this.path = path;
  }

  @Override
  public String kind() {
    return "sftp_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) throws Exception {
    try (SftpHook sftp = context.hook(connId, SftpHook.class)) {
      return sftp.exists(context.render(path));
    }
  }

  @Override
  protected String awaited(TaskContext context) {
    return "sftp '" + connId + "': " + context.render(path);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    return Map.of("conn_id", connId, "path", path);
  }
}
