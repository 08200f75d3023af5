package io.brama.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 request on its own loopback socket, written byte for byte as given (no client
 * normalises the target first: {@code ..}, {@code %2F} and double slashes reach the server as sent),
 * and the response head read back. Holds no thread: an open event stream is just an open socket.
 */
final class RawHttp implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Socket socket;
  private final InputStream in;
  private String head;

  private RawHttp(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    in = socket.getInputStream();
  }

  /** Sends {@code method target} with a Host header and {@code headers} ("Name: value" each). */
  static RawHttp send(int port, String method, String target, String... headers)
      throws IOException {
    RawHttp raw = new RawHttp(port);
    StringBuilder request = new StringBuilder(method).append(' ').append(target)
        .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    request.append("\r\n");
    try {
      raw.socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      raw.socket.getOutputStream().flush();
    } catch (IOException e) {
      raw.close();
      throw e;
    }
    return raw;
  }

  /** The response head (status line and headers), read once. */
  String head() throws IOException {
    if (head == null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          break; // closed without a (complete) head: what was read is the answer
        }
        bytes.write(b);
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      head = bytes.toString(StandardCharsets.ISO_8859_1);
    }
    return head;
  }

  /** The status code, or -1 if the server closed the connection without answering. */
  int status() throws IOException {
    String h = head();
    return h.startsWith("HTTP/1.1 ") && h.length() >= 12 ? Integer.parseInt(h.substring(9, 12)) : -1;
  }

  /** The first value of header {@code name} in the head, or null. */
  String header(String name) throws IOException {
    for (String line : head().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Everything after the head until the server closes (send {@code Connection: close}). */
  String rest() throws IOException {
    head();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads what arrives until {@code text} is in it; false if the server closes first. */
  boolean readUntil(String text) throws IOException {
    head();
    StringBuilder seen = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (seen.indexOf(text) < 0) {
      int n = in.read(buffer);
      if (n < 0) {
        return false;
      }
      seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return true;
  }

  /**
   * Whether the server closes the connection within {@code within}: reads (and drops) what arrives
   * until end of stream, a reset, or the deadline.
   */
  boolean closedWithin(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[4096];
    try {
      for (long left; (left = deadline - System.nanoTime()) > 0; ) {
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read(buffer) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
    }
  }

  /** Half-closes: the server sees the request's end of stream, the response can still arrive. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Closes abruptly: a TCP reset, as a crashed client or a dropped network path would. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
