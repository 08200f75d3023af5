package io.brama.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sends responses, each with the same hardening headers. */
final class Responses {
  static final String JSON = "application/json; charset=utf-8";

  /**
   * Scripts, styles and connections only from this origin: no inline script runs, so even text that
   * slipped into the page as markup could not execute.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  private Responses() {}

  /** Adds the headers every response carries. */
  static void harden(HttpExchange exchange) {
    Headers h = exchange.getResponseHeaders();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  /** Sends {@code body} as JSON with {@code status}. */
  static void json(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code body} with {@code status} and {@code contentType}. */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
