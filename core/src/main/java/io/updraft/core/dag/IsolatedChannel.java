package io.updraft.core.dag;

import io.updraft.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One JSON object per line over the Unix socket between a worker and an isolated task's JVM. The
 * socket, not the child's stdout, carries values: what the task prints stays its log and can never
 * be taken for a result.
 */
final class IsolatedChannel implements AutoCloseable {
  private final SocketChannel socket;
  private final BufferedReader in;
  private final Writer out;

  IsolatedChannel(SocketChannel socket) {
    this.socket = socket;
    this.in = new BufferedReader(Channels.newReader(socket, StandardCharsets.UTF_8));
    this.out = Channels.newWriter(socket, StandardCharsets.UTF_8);
  }

  /** The next message, or null once the other side has closed the socket. */
  Map<String, Object> read() throws IOException {
    String line = in.readLine();
    return line == null ? null : Json.parseObject(line, "A message from an isolated task's JVM");
  }

  void write(Map<String, Object> message) throws IOException {
    // Jackson escapes line breaks inside strings, so a message is always one line.
    out.write(Json.write(message));
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
