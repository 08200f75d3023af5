package io.brama.dashboard;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds itself (a malformed or oversized request head, an ambiguous path) as
 * the dashboard answers its own: a JSON body with the status's standard reason and nothing from the
 * request, under the same hardening headers. Jetty's own page is HTML without them.
 */
final class JettyErrors extends ErrorHandler {
  private final Json json;

  JettyErrors(Json json) {
    this.json = json;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    JettyExchange exchange = new JettyExchange(request, response, callback);
    Responses.harden(exchange);
    exchange.send(code, Responses.JSON,
        json.error(HttpStatus.getMessage(code)).getBytes(StandardCharsets.UTF_8));
  }
}
