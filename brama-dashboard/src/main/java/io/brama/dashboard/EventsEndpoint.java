package io.brama.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/events}: a Server-Sent Events stream, one {@code data:} line of JSON per event. At
 * most {@code maxEventStreams} at once; a stream holds no thread (see {@link EventStream}). Its idle
 * timeout is the heartbeat interval plus the read timeout, so heartbeats alone keep a stream open,
 * while a client that stops reading is given up on within that time. A stream starts with the kept
 * events its client has not seen (see {@link EventHub#add}): after the {@code Last-Event-ID} header
 * or the {@code after} query parameter, at most half the stream's queue.
 */
final class EventsEndpoint {
  static final String PATH = "/api/events";

  private final EventHub hub;
  private final Json json;
  private final DashboardConfig config;
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final Semaphore slots;
  private final Duration idleTimeout;
  private final int stallBeats;

  /** Streams write on {@code executor}; {@code timer} runs their heartbeats. */
  EventsEndpoint(EventHub hub, Json json, DashboardConfig config, Executor executor,
      ScheduledExecutorService timer) {
    this.hub = hub;
    this.json = json;
    this.config = config;
    this.executor = executor;
    this.timer = timer;
    this.slots = new Semaphore(config.maxEventStreams());
    this.idleTimeout = Durations.saturatedSum(config.heartbeatInterval(), config.readTimeout());
    // whole heartbeats covering the idle timeout, so a stalled write outlives it before it ends
    this.stallBeats = (int) Math.min(Integer.MAX_VALUE, 1 + Durations.ceilMillis(idleTimeout)
        / Math.max(1, Durations.ceilMillis(config.heartbeatInterval())));
  }

  /** Starts one stream and returns; the stream lives on until closed or its client goes away. */
  void serve(Exchange exchange) throws IOException {
    if (!slots.tryAcquire()) {
      exchange.setResponseHeader("Retry-After", "5");
      Responses.json(exchange, 503, json.error("too many event streams (at most "
          + config.maxEventStreams() + ")"));
      return;
    }
    EventStream stream = new EventStream(config.eventStreamQueueCapacity(), executor, ended -> {
      hub.remove(ended);
      slots.release();
    });
    EventSink sink;
    try {
      exchange.setResponseHeader("Content-Type", "text/event-stream; charset=utf-8");
      exchange.setResponseHeader("X-Accel-Buffering", "no");
      sink = exchange.startEventStream(idleTimeout, stream::fail);
    } catch (IOException | RuntimeException e) {
      stream.close(); // releases the slot
      throw e;
    }
    String lastSeen = exchange.requestHeader("Last-Event-ID");
    if (lastSeen == null) {
      lastSeen = Query.param(exchange, "after"); // a page that made a new EventSource itself
    }
    hub.add(stream, lastSeen, config.eventStreamQueueCapacity() / 2);
    stream.start(sink, timer, config.heartbeatInterval(), stallBeats);
  }
}
