package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.SharedPools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files on a host over SFTP (Airflow's {@code SFTPHook}): put, get, list, exists and delete, signed
 * in and host-key checked as {@link SshHook} is. One session and SFTP channel per hook.
 *
 * <pre>{@code
 * try (SftpHook sftp = context.hook("drop_box", SftpHook.class)) {
 *   sftp.put(Path.of("/tmp/report.csv"), "/incoming/report.csv");
 * }
 * }</pre>
 */
public final class SftpHook extends SshSessionHook {
  private static final Logger LOG = LoggerFactory.getLogger(SftpHook.class);

  private SftpClient sftp;

  SftpHook(
      Connection connection,
      SharedPools pools,
      String kind,
      Function<Connection, SshConnector> create) {
    super(connection, pools, kind, create);
  }

  private synchronized SftpClient sftp() throws IOException {
    session();
    return sftp;
  }

  @Override
  protected void onSession(ClientSession opened) throws IOException {
    sftp = SftpClientFactory.instance().createSftpClient(opened);
  }

  /** Copies a local file to {@code remotePath}, replacing what is there. */
  public void put(Path localFile, String remotePath) throws IOException {
    try (InputStream in = Files.newInputStream(localFile);
        OutputStream out = sftp().write(remotePath)) {
      in.transferTo(out);
    }
  }

  /** Writes {@code content} to {@code remotePath}, replacing what is there. */
  public void put(byte[] content, String remotePath) throws IOException {
    try (OutputStream out = sftp().write(remotePath)) {
      out.write(content);
    }
  }

  /** Copies {@code remotePath} to a local file, replacing it. */
  public void get(String remotePath, Path localFile) throws IOException {
    try (InputStream in = sftp().read(remotePath);
        OutputStream out = Files.newOutputStream(localFile)) {
      in.transferTo(out);
    }
  }

  /** The names in a remote directory, without {@code .} and {@code ..}, sorted. */
  public List<String> list(String remoteDir) throws IOException {
    List<String> names = new ArrayList<>();
    for (SftpClient.DirEntry entry : sftp().readDir(remoteDir)) {
      if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
        names.add(entry.getFilename());
      }
    }
    names.sort(null);
    return names;
  }

  /** Whether a file or directory exists at {@code remotePath}. */
  public boolean exists(String remotePath) throws IOException {
    try {
      sftp().stat(remotePath);
      return true;
    } catch (SftpException e) {
      if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
          || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes the file at {@code remotePath}. */
  public void delete(String remotePath) throws IOException {
    sftp().remove(remotePath);
  }

  /** Signs in and opens the SFTP channel; reads and writes nothing. */
  @Override
  public HookTestResult test() {
    try {
      SftpClient client = sftp();
      return HookTestResult.ok(
          "Connected to " + connection().host() + " (SFTP version " + client.getVersion() + ")");
    } catch (IOException | RuntimeException e) {
      return HookTestResult.failed(e);
    }
  }

  @Override
  protected void beforeSessionCloses() {
    if (sftp != null) {
      try {
        sftp.close();
      } catch (IOException e) {
        LOG.debug("Closing the SFTP channel of '{}': {}", connection().connId(), e.toString());
      }
      sftp = null;
    }
  }
}
