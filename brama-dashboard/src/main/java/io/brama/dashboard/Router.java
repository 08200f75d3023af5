package io.brama.dashboard;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The one handler: checks the Host, adds the hardening headers and dispatches by path. It sees only
 * {@link Exchange}, never a server type, so the page can be mounted on any server that adapts to it.
 * Paths are matched as received (percent-encoded) against fixed names; nothing is ever read from the
 * file system, so no path can reach outside the page's own resources.
 */
final class Router {
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");
  // fixed texts: written as JSON literals, nothing in them comes from a request
  private static final String HOST_NOT_ALLOWED =
      "{\"error\":\"this dashboard answers only to a loopback Host header\"}";
  private static final String METHOD_NOT_ALLOWED = "{\"error\":\"method not allowed\"}";
  private static final String NOT_FOUND = "{\"error\":\"not found\"}";
  private static final String CLOSED = "{\"error\":\"the dashboard is closed\"}";

  private final HostCheck hostCheck;
  private final StaticAssets assets;
  private final Json json;
  private final boolean writeEnabled;
  private final ConnectionsApi connections;
  private final EventsEndpoint events;
  private final PlotsApi plots;
  private final FleetEndpoint fleet; // null without a fleet panel
  private final boolean countsCalls;

  Router(HostCheck hostCheck, StaticAssets assets, Json json, boolean writeEnabled,
      ConnectionsApi connections, EventsEndpoint events, PlotsApi plots, FleetEndpoint fleet) {
    this.hostCheck = hostCheck;
    this.assets = assets;
    this.json = json;
    this.writeEnabled = writeEnabled;
    this.connections = connections;
    this.events = events;
    this.plots = plots;
    this.fleet = fleet;
    this.countsCalls = plots.countsCalls();
  }

  /** Answers {@code exchange}: at once, or by starting an event stream. */
  void handle(Exchange exchange) {
    try {
      Responses.harden(exchange);
      // both the Host header and an absolute-form target's authority must name this dashboard
      if (!hostCheck.allows(exchange.requestHeader("Host"))
          || !hostCheck.allows(exchange.authority())) {
        Responses.json(exchange, 421, HOST_NOT_ALLOWED);
        return;
      }
      route(exchange, exchange.rawPath());
    } catch (IOException e) {
      // the client went away; nothing to answer
    } catch (IllegalStateException e) {
      fail(exchange, 503, "the Brama is closed", e); // every Brama method throws this once closed
    } catch (RuntimeException e) {
      fail(exchange, 500, "internal error", e);
    }
  }

  private void route(Exchange exchange, String path) throws IOException {
    StaticAssets.Asset asset = assets.get(path);
    if (asset != null) {
      if (allow(exchange, "GET")) {
        Responses.send(exchange, 200, asset.contentType(), asset.body());
      }
    } else if (path.equals("/api/settings")) {
      if (allow(exchange, "GET")) {
        Responses.json(exchange, 200, json.settings(writeEnabled, countsCalls, fleet != null));
      }
    } else if (plots.handle(exchange, path)) {
      return;
    } else if (path.equals(FleetEndpoint.PATH) && fleet != null) {
      if (allow(exchange, "GET")) {
        fleet.serve(exchange);
      }
    } else if (path.equals(ConnectionsApi.PREFIX)) {
      if (allow(exchange, "GET")) {
        connections.list(exchange);
      }
    } else if (path.startsWith(ConnectionsApi.PREFIX + "/")) {
      connections.one(exchange, path.substring(ConnectionsApi.PREFIX.length() + 1));
    } else if (path.equals(EventsEndpoint.PATH)) {
      if (exchange.method().equals("HEAD")) {
        Responses.send(exchange, 200, "text/event-stream; charset=utf-8", new byte[0]);
      } else if (allow(exchange, "GET")) {
        events.serve(exchange);
      }
    } else {
      notFound(exchange);
    }
  }

  /** Answers 503: the dashboard is closed. */
  static void unavailable(Exchange exchange) {
    try {
      Responses.harden(exchange);
      Responses.json(exchange, 503, CLOSED);
    } catch (IOException e) {
      // the client went away
    }
  }

  /** True if the method is {@code method} (HEAD counts as GET); else answers 405 and returns false. */
  static boolean allow(Exchange exchange, String method) throws IOException {
    String actual = exchange.method();
    if (actual.equals(method) || (method.equals("GET") && actual.equals("HEAD"))) {
      return true;
    }
    exchange.setResponseHeader("Allow", method.equals("GET") ? "GET, HEAD" : method);
    Responses.json(exchange, 405, METHOD_NOT_ALLOWED);
    return false;
  }

  /** Answers 404. */
  static void notFound(Exchange exchange) throws IOException {
    Responses.json(exchange, 404, NOT_FOUND);
  }

  private static void fail(Exchange exchange, int status, String message, RuntimeException e) {
    LOG.log(status == 500 ? Level.ERROR : Level.DEBUG, "dashboard: "
        + exchange.method() + " " + exchange.rawPath() + " failed", e);
    if (exchange.responded()) {
      return; // the headers are out: nothing more can be said
    }
    try {
      Responses.json(exchange, status, "{\"error\":\"" + message + "\"}");
    } catch (IOException ignored) {
      // the client went away
    }
  }
}
