package io.brama.dashboard;

import io.brama.Brama;
import io.brama.UnknownConnectionException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/connections}: every status (GET), one status (GET {@code /{id}}), and the manual
 * operations (POST {@code /{id}/open}, {@code /{id}/reset}) behind {@link BearerAuth}. Ids are one
 * percent-encoded path segment.
 */
final class ConnectionsApi {
  static final String PREFIX = "/api/connections";
  static final String OPEN_REASON = "opened from the dashboard";
  static final String RESET_REASON = "reset from the dashboard";

  private final Brama brama;
  private final Json json;
  private final BearerAuth auth;

  ConnectionsApi(Brama brama, Json json, BearerAuth auth) {
    this.brama = brama;
    this.json = json;
    this.auth = auth;
  }

  /** GET {@code /api/connections}. */
  void list(Exchange exchange) throws IOException {
    Responses.json(exchange, 200, json.statuses(brama.statuses()));
  }

  /** Anything under {@code /api/connections/}; {@code rest} is the raw path after that prefix. */
  void one(Exchange exchange, String rest) throws IOException {
    String[] parts = rest.split("/", -1);
    if (parts.length == 1) {
      if (!Router.allow(exchange, "GET")) {
        return;
      }
      String id = decode(exchange, parts[0]);
      if (id != null) {
        try {
          Responses.json(exchange, 200, json.status(brama.status(id)));
        } catch (UnknownConnectionException e) {
          unknown(exchange, id);
        }
      }
    } else if (parts.length == 2 && (parts[1].equals("open") || parts[1].equals("reset"))) {
      if (Router.allow(exchange, "POST")) {
        operate(exchange, parts[0], parts[1].equals("open"));
      }
    } else {
      Router.notFound(exchange);
    }
  }

  private void operate(Exchange exchange, String rawId, boolean open) throws IOException {
    BearerAuth.Verdict verdict = auth.check(exchange);
    if (!verdict.allowed()) {
      if (verdict.status() == 401) {
        exchange.setResponseHeader("WWW-Authenticate", "Bearer realm=\"brama-dashboard\"");
      }
      Responses.json(exchange, verdict.status(), json.error(verdict.message()));
      return;
    }
    String id = decode(exchange, rawId);
    if (id == null) {
      return;
    }
    try {
      if (open) {
        brama.open(id, OPEN_REASON);
      } else {
        brama.reset(id, RESET_REASON);
      }
      Responses.json(exchange, 200, json.status(brama.status(id)));
    } catch (UnknownConnectionException e) {
      unknown(exchange, id);
    }
  }

  private void unknown(Exchange exchange, String id) throws IOException {
    Responses.json(exchange, 404, json.error("unknown connection: " + id));
  }

  private String decode(Exchange exchange, String raw) throws IOException {
    return decode(exchange, raw, json);
  }

  /** The decoded id, or null after answering 404 (empty) or 400 (bad percent-encoding). */
  static String decode(Exchange exchange, String raw, Json json) throws IOException {
    if (raw.isEmpty()) {
      Responses.json(exchange, 404, json.error("no connection id in the path"));
      return null;
    }
    try {
      // a path keeps '+' literally; URLDecoder would turn it into a space
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      Responses.json(exchange, 400, json.error("the connection id is not valid percent-encoding"));
      return null;
    }
  }
}
