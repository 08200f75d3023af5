package io.brama.dashboard;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;

/**
 * Bounds what slow or idle sockets can hold, on Jetty: a connection waiting for a request head
 * (a new one, or one between requests) must complete it within the read timeout, however slowly its
 * bytes trickle in, or it is closed; and when a connection opens beyond {@code maxConnections}, the
 * one that has waited longest for its request head is closed to make room (the new one itself if
 * every other is busy serving a request or an event stream). Jetty's idle timeout cannot do the first
 * (each byte restarts it) and its ConnectionLimit cannot do the second (it only stops accepting).
 *
 * <p>A connection waits for a head from when it opens, and again after each response; the head is
 * complete when Jetty has parsed it (this class is also the HTTP configuration's first customizer,
 * which Jetty calls then, before any check of the request).
 */
final class ConnectionGuard implements Connection.Listener, HttpConfiguration.Customizer {
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");

  private final int maxConnections;
  private final long readTimeoutNanos;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final Set<Connection> open = new HashSet<>(); // guarded by lock
  /** Connections waiting for a request head, longest-waiting first. Guarded by lock. */
  private final Map<Connection, Wait> waiting = new LinkedHashMap<>();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();

  /** Closes connections as the config says; {@code timer} runs the read-timeout deadlines. */
  ConnectionGuard(DashboardConfig config, ScheduledExecutorService timer) {
    this.maxConnections = config.maxConnections();
    this.readTimeoutNanos = Durations.saturatedNanos(config.readTimeout());
    this.timer = timer;
  }

  @Override
  public void onOpened(Connection connection) {
    Connection victim = null;
    synchronized (lock) {
      open.add(connection);
      awaitHeadLocked(connection);
      if (open.size() > maxConnections) {
        // the new connection waits too, so there is always one to choose
        Iterator<Map.Entry<Connection, Wait>> oldest = waiting.entrySet().iterator();
        Map.Entry<Connection, Wait> entry = oldest.next();
        entry.getValue().future.cancel(false);
        oldest.remove();
        victim = entry.getKey();
      }
    }
    if (victim != null) {
      evicted.incrementAndGet();
      LOG.log(Level.DEBUG, "dashboard: {0} connections open, closed {1}, the longest waiting for a "
          + "request head", maxConnections + 1, victim.getEndPoint().getRemoteSocketAddress());
      close(victim);
    }
  }

  @Override
  public void onClosed(Connection connection) {
    synchronized (lock) {
      open.remove(connection);
      stopWaitingLocked(connection);
    }
  }

  /** Called by Jetty once a request head is parsed: the connection stops waiting until it answers. */
  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    Connection connection = request.getConnectionMetaData().getConnection();
    synchronized (lock) {
      stopWaitingLocked(connection);
    }
    request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
      @Override
      public void succeeded() {
        // before Jetty reads on: the next head's deadline must be set when its bytes come
        synchronized (lock) {
          if (open.contains(connection)) {
            awaitHeadLocked(connection);
          }
        }
        super.succeeded();
      }
    });
    return request;
  }

  /** Connections open now (for tests). */
  int openConnections() {
    synchronized (lock) {
      return open.size();
    }
  }

  /** Connections closed because their request head took longer than the read timeout. */
  long timedOut() {
    return timedOut.get();
  }

  /** Connections closed to admit a new one at {@code maxConnections}. */
  long evicted() {
    return evicted.get();
  }

  private void awaitHeadLocked(Connection connection) {
    stopWaitingLocked(connection);
    Wait wait = new Wait(connection);
    wait.future = timer.schedule(wait, readTimeoutNanos, TimeUnit.NANOSECONDS);
    waiting.put(connection, wait);
  }

  private void stopWaitingLocked(Connection connection) {
    Wait wait = waiting.remove(connection);
    if (wait != null) {
      wait.future.cancel(false);
    }
  }

  private static void close(Connection connection) {
    connection.getEndPoint().close();
  }

  /** One wait for a request head; closes its connection when the read timeout passes. */
  private final class Wait implements Runnable {
    final Connection connection;
    ScheduledFuture<?> future; // set under lock before the Wait is published

    Wait(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      synchronized (lock) {
        if (waiting.get(connection) != this) {
          return; // the head came in time, or a later wait replaced this one
        }
        waiting.remove(connection);
      }
      timedOut.incrementAndGet();
      close(connection);
    }
  }
}
