package io.brama.dashboard;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The dashboard on Jetty 12's core handlers (no servlet API): one HTTP/1.1 connector, a small
 * bounded pool of daemon threads, the read timeout as the idle timeout, and a {@link
 * ConnectionGuard} for slow request heads and the connection cap. Binds a {@link Router} through
 * {@link JettyExchange}; nothing else of the dashboard knows Jetty.
 */
final class JettyServer {
  /** The most threads the pool runs: one accepts, one selects, the rest serve. */
  static final int MAX_THREADS = 8;
  static final int MIN_THREADS = 2;
  /** Request line and headers together; a larger head is answered 431. */
  static final int MAX_REQUEST_HEAD_BYTES = 8 * 1024;
  static final String THREAD_NAME = DashboardCore.THREAD_NAME;

  /**
   * Ids are one percent-encoded segment, so an encoded '/', '%' or control character is data, never
   * structure: the router matches raw paths and decodes only an id. Encoded dot segments
   * ({@code %2e%2e}) and empty segments stay refused (400).
   */
  private static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("BRAMA_DASHBOARD",
      UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
      UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
      UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

  private final QueuedThreadPool pool;
  private final Server server;
  private final ServerConnector connector;
  private final ConnectionGuard guard;

  /**
   * A server listening as {@code config} says once started, with errors Jetty finds itself written by
   * {@code json}; {@code timer} runs Jetty's timeouts and the guard's deadlines (the caller owns and
   * stops it).
   */
  JettyServer(DashboardConfig config, Json json, ScheduledExecutorService timer) {
    this.pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
    pool.setName(THREAD_NAME);
    pool.setDaemon(true);
    pool.setReservedThreads(0); // a dashboard needs no threads kept spinning for latency
    this.server = new Server(pool, new ScheduledExecutorScheduler(timer), null);
    server.setErrorHandler(new JettyErrors(json));
    this.guard = new ConnectionGuard(config, timer);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
    http.setUriCompliance(URI_COMPLIANCE);
    http.addCustomizer(guard);

    this.connector = new ServerConnector(server, null, null, null, 1, 1,
        new HttpConnectionFactory(http));
    connector.setHost(config.address().getHostAddress());
    connector.setPort(config.port());
    connector.setIdleTimeout(Durations.ceilMillis(config.readTimeout()));
    connector.setAcceptQueueSize(128);
    connector.addEventListener(guard);
    server.addConnector(connector);
  }

  /**
   * The pool of at most {@link #MAX_THREADS} daemon threads named {@code brama-dashboard-<id>}, for
   * work the dashboard hands off (event stream writes). Runs tasks once the server has started.
   */
  Executor executor() {
    return pool;
  }

  /**
   * Binds and starts serving {@code router}.
   *
   * @throws IOException if the address cannot be bound
   */
  void start(Router router) throws IOException {
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        JettyExchange exchange = new JettyExchange(request, response, callback);
        router.handle(exchange);
        exchange.ensureAnswered();
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, e);
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new IOException("the dashboard could not start: " + e, e);
    }
  }

  /** The port listened on. */
  int port() {
    return connector.getLocalPort();
  }

  /** Closes every connection and stops the threads. */
  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      System.getLogger("io.brama.dashboard").log(System.Logger.Level.WARNING,
          "dashboard: the server did not stop cleanly", e);
    }
  }

  /** What the guard has done (for tests). */
  ConnectionGuard guard() {
    return guard;
  }

  /** Threads of the pool now (for tests). */
  int threads() {
    return pool.getThreads();
  }

  private static void stopQuietly(Server server, Exception cause) {
    try {
      server.stop();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
