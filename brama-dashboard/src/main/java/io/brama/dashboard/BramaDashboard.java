package io.brama.dashboard;

import io.brama.Brama;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A live web dashboard of a {@link Brama}'s connections, on Jetty 12's core handlers.
 *
 * <pre>{@code
 * try (BramaDashboard dashboard = BramaDashboard.start(brama, DashboardConfig.defaults())) {
 *   System.out.println("dashboard at " + dashboard.uri());
 * }
 * }</pre>
 *
 * <p>Serves the page ({@code GET /}), the statuses ({@code GET /api/connections}), a Server-Sent
 * Events stream ({@code GET /api/events}) that starts with the last 500 events, the plots ({@code GET
 * /api/samples}: calls per second over 5 minutes, sampled every second when the Brama counts calls;
 * {@code GET /api/timelines}: states over 15 minutes), the fleet with a {@link FleetPanel} ({@code
 * GET /api/fleet}) and, with a token, {@code POST /api/connections/{id}/open} and {@code /reset}.
 * It subscribes to the lifecycle events only ({@link io.brama.EventFilter#lifecycle()}), so it adds
 * nothing to the cost of a call; its listener never blocks, whatever the clients do. To serve the
 * same page from a server the application already runs, see {@link MountedDashboard}.
 *
 * <p>Its limits hold whatever clients do: at most 8 daemon threads named {@code
 * brama-dashboard-<id>} plus one timer thread, a request head must arrive within {@link
 * DashboardConfig#readTimeout()}, and at most {@link DashboardConfig#maxConnections()} connections
 * are open (see {@link DashboardConfig}).
 */
public final class BramaDashboard implements AutoCloseable {
  private final DashboardCore core;
  private final JettyServer server;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BramaDashboard(Brama brama, DashboardConfig config) throws IOException {
    this.core = new DashboardCore(brama, config);
    try {
      this.server = new JettyServer(config, core.json(), core.timer());
      server.start(core.router(new HostCheck(config), server.executor()));
      core.start();
    } catch (IOException | RuntimeException e) {
      core.stopListening();
      core.stopTimer();
      throw e;
    }
    this.uri = uriOf(config.address(), server.port());
  }

  /**
   * Starts a dashboard with {@link DashboardConfig#defaults()}: 127.0.0.1, a free port, read-only.
   *
   * @param brama the Brama to show
   * @return the started dashboard
   * @throws IOException if the port cannot be bound
   */
  public static BramaDashboard start(Brama brama) throws IOException {
    return start(brama, DashboardConfig.defaults());
  }

  /**
   * Starts a dashboard of {@code brama}, listening as {@code config} says.
   *
   * @param brama the Brama to show
   * @param config where to listen, and whether open and reset are enabled
   * @return the started dashboard
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if {@code brama} is closed
   */
  public static BramaDashboard start(Brama brama, DashboardConfig config) throws IOException {
    Objects.requireNonNull(brama, "brama must not be null");
    Objects.requireNonNull(config, "config must not be null");
    return new BramaDashboard(brama, config);
  }

  /**
   * The page's address, such as {@code http://127.0.0.1:41234/}.
   *
   * @return the page's address
   */
  public URI uri() {
    return uri;
  }

  /**
   * The port listened on (the chosen one when the config said 0).
   *
   * @return the port
   */
  public int port() {
    return uri.getPort();
  }

  /**
   * Unsubscribes, ends every event stream and stops the server. Idempotent; does not close the
   * Brama.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    core.stopListening();
    server.stop();
    core.stopTimer();
  }

  /** The sampler, or null when the Brama does not count calls (for tests). */
  Sampler sampler() {
    return core.sampler();
  }

  /** The state strips (for tests). */
  Timelines timelines() {
    return core.timelines();
  }

  /** Event streams currently open (for tests). */
  int eventStreamCount() {
    return core.hub().size();
  }

  /** Event streams disconnected because their client fell behind (for tests). */
  long droppedEventStreams() {
    return core.hub().droppedStreams();
  }

  /** Ends every event stream as if the connection dropped; browsers reconnect (for tests). */
  void dropEventStreams() {
    core.hub().closeAll();
  }

  private static URI uriOf(InetAddress address, int port) {
    String host = address instanceof Inet6Address
        ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return URI.create("http://" + host + ":" + port + "/");
  }

  /** Connections closed because their request head outlasted the read timeout (for tests). */
  long timedOutConnections() {
    return server.guard().timedOut();
  }

  /** Connections closed to admit a new one at the cap (for tests). */
  long evictedConnections() {
    return server.guard().evicted();
  }

  /** Connections open now (for tests). */
  int openConnections() {
    return server.guard().openConnections();
  }

  /** Threads of the dashboard's pool now (for tests). */
  int poolThreads() {
    return server.threads();
  }
}
