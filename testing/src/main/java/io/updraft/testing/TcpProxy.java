package io.updraft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free local port that forwards to a target, and that a test can cut (stop
 * listening and close every connection, as a server that went away) and restore on the same port.
 * For outage tests against shared servers that must not be stopped: point the code under test at
 * {@link #port()} instead of the server.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private int port;
  private ServerSocket listener;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts forwarding from a free port on 127.0.0.1 to {@code targetHost:targetPort}. */
  public static TcpProxy start(String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort);
    proxy.listen(0);
    return proxy;
  }

  /** The local port it listens on, the same after a {@link #restore()}. */
  public synchronized int port() {
    return port;
  }

  /**
   * Stops listening and closes every connection: new connections are refused, open ones end, as
   * when the server is down.
   */
  public synchronized void cut() {
    if (listener == null) {
      return;
    }
    closeQuietly(listener);
    listener = null;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Listens again on the same port, after a {@link #cut()}. */
  public synchronized void restore() {
    if (listener == null) {
      listen(port);
    }
  }

  /** Whether it forwards right now. */
  public synchronized boolean isUp() {
    return listener != null;
  }

  @Override
  public void close() {
    cut();
  }

  private synchronized void listen(int onPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      listener = server;
      port = server.getLocalPort();
      Thread.ofPlatform()
          .daemon()
          .name("tcp-proxy-" + port + "-accept")
          .start(() -> accept(server));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on port " + onPort, e);
    }
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // cut or closed
      }
      Socket upstream;
      try {
        upstream = new Socket(targetHost, targetPort);
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      synchronized (this) {
        if (listener != server) {
          // Cut while this connection was being opened.
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        sockets.add(client);
        sockets.add(upstream);
      }
      pipe(client, upstream);
      pipe(upstream, client);
    }
  }

  /** Copies one direction on a thread of its own; the end of either side closes both. */
  private void pipe(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("tcp-proxy-" + port + "-pipe")
        .start(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (SocketException e) {
                // closed by a cut or by the other side
              } catch (IOException e) {
                // the same: either side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
