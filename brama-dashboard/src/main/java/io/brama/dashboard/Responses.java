package io.brama.dashboard;

import java.io.IOException;
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
  static void harden(Exchange exchange) {
    exchange.setResponseHeader("X-Content-Type-Options", "nosniff");
    exchange.setResponseHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.setResponseHeader("X-Frame-Options", "DENY");
    exchange.setResponseHeader("Referrer-Policy", "no-referrer");
    exchange.setResponseHeader("Cache-Control", "no-store");
  }

  /** Sends {@code body} as JSON with {@code status}. */
  static void json(Exchange exchange, int status, String body) throws IOException {
    send(exchange, status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code body} with {@code status} and {@code contentType}. */
  static void send(Exchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.send(status, contentType, body);
  }
}
