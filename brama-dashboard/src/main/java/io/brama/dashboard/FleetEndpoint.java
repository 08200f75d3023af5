package io.brama.dashboard;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/fleet}: the latest fleet read, refreshed every {@link #EVERY} on the timer thread.
 * A read is asynchronous (the timer only starts it) and a request answers from the latest one, so
 * no thread ever waits on Redis; when a read fails, the answer keeps the last good one and says why.
 */
final class FleetEndpoint {
  static final String PATH = "/api/fleet";
  static final Duration EVERY = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");

  private final FleetPanel.Reader reader;
  private final Json json;
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile String latest;
  private volatile String error;
  private ScheduledFuture<?> task;

  FleetEndpoint(FleetPanel panel, Json json) {
    this.reader = panel.reader();
    this.json = json;
  }

  void start(ScheduledExecutorService timer) {
    task = timer.scheduleWithFixedDelay(this::refresh, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** Starts a read unless one is on its way. */
  void refresh() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    try {
      reader.read(json).whenComplete((text, e) -> {
        if (e == null) {
          latest = text;
          error = null;
        } else {
          error = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        reading.set(false);
      });
    } catch (RuntimeException e) {
      reading.set(false);
      error = e.toString();
      LOG.log(Level.WARNING, "dashboard: reading the fleet failed; it goes on", e);
    }
  }

  void serve(Exchange exchange) throws IOException {
    String body = latest;
    String failure = error;
    ObjectNode n;
    if (body == null) {
      n = json.mapper().createObjectNode();
      n.put("namespace", reader.namespace());
      n.putArray("instances");
      n.putArray("connections");
    } else {
      n = (ObjectNode) json.mapper().readTree(body);
    }
    n.put("error", failure);
    n.put("pending", body == null && failure == null);
    Responses.json(exchange, 200, json.mapper().writeValueAsString(n));
  }
}
