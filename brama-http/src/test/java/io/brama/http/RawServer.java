package io.brama.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 over a plain socket, for what {@link LoopbackServer} cannot do:
 * a response with exactly the headers given (no {@code Date} of its own), or a connection reset
 * after the request arrived. One connection at a time, each closed after its answer.
 */
public final class RawServer implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger requests = new AtomicInteger();
  /** The response to send, or null to reset the connection. */
  private volatile String response;
  private final Thread acceptor;

  public RawServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::serve, "raw-server-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers every request with {@code status} and exactly these header lines ("Name: value"). */
  public void answer(int status, String... headerLines) {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" Status\r\n");
    for (String line : headerLines) {
      b.append(line).append("\r\n");
    }
    response = b.append("Content-Length: 0\r\nConnection: close\r\n\r\n").toString();
  }

  /** Resets every connection (TCP RST) once its request has arrived. */
  public void reset() {
    response = null;
  }

  /** How many request heads arrived. */
  public int requests() {
    return requests.get();
  }

  /** The URI of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /** The id {@link ConnectionIds#byHost()} gives this server. */
  public String id() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        readRequestHead(connection.getInputStream());
        requests.incrementAndGet();
        String answer = response;
        if (answer == null) {
          connection.setSoLinger(true, 0); // close() now sends RST instead of FIN
        } else {
          connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
          connection.getOutputStream().flush();
        }
      } catch (IOException e) {
        // the socket was closed by close(), or the client went away: next connection
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed before the end of its request head");
      }
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
  }

  /** Stops accepting connections. */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
