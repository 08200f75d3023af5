package io.brama.spring.cloud;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One TCP connection to a loopback HTTP/1.1 server, written to by hand: each request goes on the
 * same socket and each response is read by its own framing ({@code Content-Length} or chunked), so
 * a server that closes the connection or answers without framing shows up as an end of stream or a
 * read past the deadline, never as a quietly opened new connection.
 */
final class KeptAliveConnection implements AutoCloseable {
  /** A response: status, headers (names in lower case), body as text. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    /** The first value of {@code name}, or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  /** Connects to {@code 127.0.0.1:port}; a response must arrive within {@code deadline}. */
  KeptAliveConnection(int port, Duration deadline) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) deadline.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
    host = "127.0.0.1:" + port;
  }

  /** The local port: the same for every request on this connection. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** {@code GET path}. */
  Response get(String path) throws IOException {
    return send("GET", path, null);
  }

  /** {@code POST path} with a text body of its own length. */
  Response post(String path, String body) throws IOException {
    return send("POST", path, body);
  }

  private Response send(String method, String path, String body) throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n");
    if (body != null) {
      head.append("Content-Type: text/plain\r\nContent-Length: ").append(content.length)
          .append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(content);
    out.flush();
    return read(method);
  }

  private Response read(String method) throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not a status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    Response framing = new Response(status, headers, "");
    String length = framing.header("content-length");
    String encoding = framing.header("transfer-encoding");
    byte[] bodyBytes;
    if ("HEAD".equals(method) || status == 204 || status == 304 || status / 100 == 1) {
      bodyBytes = new byte[0];
    } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      bodyBytes = chunked();
    } else if (length != null) {
      bodyBytes = in.readNBytes(Integer.parseInt(length));
      if (bodyBytes.length < Integer.parseInt(length)) {
        throw new EOFException("the connection ended inside a body of " + length + " bytes");
      }
    } else {
      // a kept-alive response must say where it ends; reading to the end of stream would hang
      throw new IOException("a response without Content-Length or chunked framing: " + headers);
    }
    return new Response(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';'); // a chunk extension follows
      String hex = semicolon < 0 ? size : size.substring(0, semicolon);
      int length = Integer.parseInt(hex.trim(), 16);
      if (length == 0) {
        while (!line().isEmpty()) { // trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(length);
      if (chunk.length < length) {
        throw new EOFException("the connection ended inside a chunk");
      }
      body.write(chunk);
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
