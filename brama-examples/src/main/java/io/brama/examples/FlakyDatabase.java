package io.brama.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in for a database: a loopback TCP port that accepts connections while it is up. Taking
 * it down closes the port; bringing it up opens the same port again.
 */
final class FlakyDatabase implements AutoCloseable {
  private final int port;
  private ServerSocket socket;
  private Thread acceptor;

  FlakyDatabase() throws IOException {
    socket = open(0);
    port = socket.getLocalPort();
    accept();
  }

  int port() {
    return port;
  }

  synchronized boolean isUp() {
    return socket != null;
  }

  synchronized void down() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  synchronized void up() throws IOException {
    if (socket == null) {
      socket = open(port);
      accept();
    }
  }

  private static ServerSocket open(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  private void accept() {
    ServerSocket s = socket;
    acceptor = new Thread(() -> {
      while (!s.isClosed()) {
        try (Socket client = s.accept()) {
          // a health probe only connects; nothing to answer
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "flaky-database");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
