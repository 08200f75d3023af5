package io.brama.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one parameter of a request's query string. */
final class Query {
  private Query() {}

  /** The first value of {@code name}, decoded; null when absent or not valid percent-encoding. */
  static String param(Exchange exchange, String name) {
    String query = exchange.rawQuery();
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        try {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** {@code name} as a long, or {@code otherwise} when absent or not a number. */
  static long longParam(Exchange exchange, String name, long otherwise) {
    String value = param(exchange, name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
