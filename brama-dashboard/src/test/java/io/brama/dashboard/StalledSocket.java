package io.brama.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client that sends part of a request head and then nothing (a slowloris), and can tell whether
 * the server has closed the connection.
 */
final class StalledSocket implements AutoCloseable {
  /** A request head cut off in the middle of a header. */
  static final String HALF_HEAD = "GET /api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sl";

  private final Socket socket;
  private boolean closedByServer;

  private StalledSocket(Socket socket) {
    this.socket = socket;
  }

  /** Connects and sends {@link #HALF_HEAD}. */
  static StalledSocket open(int port) throws IOException {
    return open(port, HALF_HEAD);
  }

  /** Connects and sends {@code start}. */
  static StalledSocket open(int port, String start) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    StalledSocket stalled = new StalledSocket(socket);
    try {
      stalled.send(start);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return stalled;
  }

  /** Sends more of the head. */
  void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /**
   * Whether the server has closed the connection: end of stream or a reset, seen within 20 ms. Bytes
   * the server sent before closing (such as an error status) are skipped.
   */
  boolean closedByServer() {
    if (closedByServer) {
      return true;
    }
    try {
      socket.setSoTimeout(20);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1024];
      while (true) {
        if (in.read(buffer) < 0) {
          closedByServer = true;
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false; // open, silent
    } catch (IOException e) {
      closedByServer = true; // reset
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
