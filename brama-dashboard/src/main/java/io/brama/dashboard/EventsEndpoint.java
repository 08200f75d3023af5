package io.brama.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/events}: a Server-Sent Events stream, one {@code data:} line of JSON per event.
 * Holds its exchange's thread for the stream's life; at most {@code maxEventStreams} at once.
 */
final class EventsEndpoint {
  static final String PATH = "/api/events";

  private final EventHub hub;
  private final Json json;
  private final DashboardConfig config;
  private final Semaphore slots;

  EventsEndpoint(EventHub hub, Json json, DashboardConfig config) {
    this.hub = hub;
    this.json = json;
    this.config = config;
    this.slots = new Semaphore(config.maxEventStreams());
  }

  /** Serves one stream until it is closed or its client goes away. */
  void serve(HttpExchange exchange) throws IOException {
    if (!slots.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      Responses.json(exchange, 503, json.error("too many event streams (at most "
          + config.maxEventStreams() + ")"));
      return;
    }
    EventStream stream = new EventStream(config.eventStreamQueueCapacity(),
        config.heartbeatInterval());
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
      exchange.sendResponseHeaders(200, 0);
      hub.add(stream);
      stream.writeTo(exchange.getResponseBody());
    } finally {
      hub.remove(stream);
      slots.release();
    }
  }
}
