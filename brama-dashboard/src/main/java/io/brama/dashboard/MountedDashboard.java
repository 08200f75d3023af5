package io.brama.dashboard;

import io.brama.Brama;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard without a server of its own: the same page and API, answered on a server the
 * application already runs (the Spring Boot starter mounts it under {@code brama.dashboard.path} on
 * Spring MVC or WebFlux), so no second port is opened and the application's own security applies.
 *
 * <pre>{@code
 * MountedDashboard dashboard = MountedDashboard.create(brama, DashboardConfig.defaults());
 * // for each request under the mount point, from the server's adapter:
 * dashboard.handle(exchange);
 * }</pre>
 *
 * <p>Paths in an {@link Exchange} are relative to the mount point: the page is {@code /}, the API
 * {@code /api/...}. Of the {@link DashboardConfig} it uses the token, the event stream limits and
 * heartbeat, the read timeout (a stream whose client stops reading for the heartbeat interval plus
 * it is given up on), the clock and the fleet panel; where and how to listen is the server's
 * business, so the host, port, remote access and connection cap are not used, and every Host is
 * answered. Event streams are written by at most two daemon threads named {@code
 * brama-dashboard-mounted-<n>}, and never hold one while a client reads slowly.
 */
public final class MountedDashboard implements AutoCloseable {
  /** Writers of event streams: writes never block, so two threads serve any number of streams. */
  private static final int WRITER_THREADS = 2;

  private final DashboardCore core;
  private final ThreadPoolExecutor writers;
  private final Router router;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MountedDashboard(Brama brama, DashboardConfig config) {
    this.core = new DashboardCore(brama, config);
    this.writers = newWriters();
    this.router = core.router(HostCheck.anyHost(), writers);
    core.start();
  }

  /**
   * A dashboard of {@code brama} for a server the application runs.
   *
   * @param brama the Brama to show
   * @param config the token, event stream limits, clock and fleet panel; its listening settings are
   *     not used
   * @return the dashboard, ready to {@link #handle} requests
   * @throws IllegalStateException if {@code brama} is closed
   */
  public static MountedDashboard create(Brama brama, DashboardConfig config) {
    Objects.requireNonNull(brama, "brama must not be null");
    Objects.requireNonNull(config, "config must not be null");
    return new MountedDashboard(brama, config);
  }

  /**
   * Answers one request, at once or by starting an event stream on it. Never throws: a failure is
   * answered with a JSON error (503 once closed).
   *
   * @param exchange the request, its path relative to the mount point
   */
  public void handle(Exchange exchange) {
    Objects.requireNonNull(exchange, "exchange must not be null");
    if (closed.get()) {
      Router.unavailable(exchange);
      return;
    }
    router.handle(exchange);
  }

  /** Ends every event stream and stops the threads. Idempotent; does not close the Brama. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    core.stopListening();
    writers.shutdown();
    core.stopTimer();
  }

  /** Event streams currently open (for tests). */
  int eventStreamCount() {
    return core.hub().size();
  }

  private static ThreadPoolExecutor newWriters() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(WRITER_THREADS, WRITER_THREADS, 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
          Thread t = new Thread(task,
              DashboardCore.THREAD_NAME + "-mounted-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true); // an idle dashboard keeps no thread
    return pool;
  }
}
