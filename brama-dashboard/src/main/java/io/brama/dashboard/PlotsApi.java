package io.brama.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;

/**
 * What the page plots and what it shows on load: {@code GET /api/samples} (every connection's calls,
 * failures and rejections per second; {@code ?after=<epoch second>} for the seconds since), {@code
 * GET /api/samples/{id}} (one connection's five series), {@code GET /api/timelines} (the state strips
 * of the last 15 minutes) and {@code GET /api/events/history} (the kept events; {@code ?after=<id>}).
 */
final class PlotsApi {
  static final String SAMPLES = "/api/samples";
  static final String TIMELINES = "/api/timelines";
  static final String HISTORY = "/api/events/history";

  private final Sampler sampler; // null when the Brama does not count calls
  private final Timelines timelines;
  private final EventHub hub;
  private final PlotsJson json;
  private final Json errors;
  private final InstantSource clock;

  PlotsApi(Sampler sampler, Timelines timelines, EventHub hub, Json json, InstantSource clock) {
    this.sampler = sampler;
    this.timelines = timelines;
    this.hub = hub;
    this.json = new PlotsJson(json);
    this.errors = json;
    this.clock = clock;
  }

  /** Whether the Brama counts calls, and so whether there are samples. */
  boolean countsCalls() {
    return sampler != null;
  }

  /** Answers {@code path} if it is one of these endpoints; false if it is none of them. */
  boolean handle(Exchange exchange, String path) throws IOException {
    if (path.equals(SAMPLES)) {
      if (Router.allow(exchange, "GET")) {
        Responses.json(exchange, 200, sampler == null ? PlotsJson.countersOff()
            : json.samples(sampler.rings(), Query.longParam(exchange, "after", 0), sampler.now()));
      }
    } else if (path.startsWith(SAMPLES + "/")) {
      if (Router.allow(exchange, "GET")) {
        one(exchange, path.substring(SAMPLES.length() + 1));
      }
    } else if (path.equals(TIMELINES)) {
      if (Router.allow(exchange, "GET")) {
        Instant now = clock.instant();
        Responses.json(exchange, 200, json.timelines(timelines.strips(now), now));
      }
    } else if (path.equals(HISTORY)) {
      if (Router.allow(exchange, "GET")) {
        Responses.json(exchange, 200, PlotsJson.history(hub.history(Query.param(exchange, "after"))));
      }
    } else {
      return false;
    }
    return true;
  }

  private void one(Exchange exchange, String rawId) throws IOException {
    String id = ConnectionsApi.decode(exchange, rawId, errors);
    if (id == null) {
      return;
    }
    if (sampler == null) {
      Responses.json(exchange, 200, PlotsJson.countersOff());
      return;
    }
    CountRing ring = sampler.ring(id);
    if (ring == null) {
      Responses.json(exchange, 404, errors.error("no samples of connection: " + id));
      return;
    }
    Responses.json(exchange, 200, json.samples(id, ring, Query.longParam(exchange, "after", 0),
        sampler.now()));
  }
}
