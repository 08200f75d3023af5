package io.brama.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP over a bare socket, for what {@code HttpClient} will not send (a chosen Host header). */
final class RawHttp {
  private RawHttp() {}

  /** Sends a GET with {@code Connection: close} and returns the whole response as text. */
  static String get(int port, String path, String host) throws IOException {
    return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nConnection: close\r\n\r\n");
  }

  /**
   * Sends {@code request} as it is (ISO-8859-1 bytes) and returns everything the server answers
   * until it closes the connection; the request should ask for {@code Connection: close}.
   */
  static String send(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        in.transferTo(out);
      } catch (IOException e) {
        // a reset after the answer (the server closed with our bytes unread): keep what came
        if (out.size() == 0) {
          throw e;
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** The status code of a raw response, such as 200; -1 if there is no status line. */
  static int status(String response) {
    if (!response.startsWith("HTTP/1.")) {
      return -1;
    }
    return Integer.parseInt(response.substring(9, 12));
  }
}
