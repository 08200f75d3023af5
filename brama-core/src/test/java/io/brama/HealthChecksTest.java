package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in checks against real servers on loopback: an HTTP server switched between 200, 500,
 * a redirect and a hang; a TCP port opened and closed. The last test runs a monitor on the real
 * clock end to end.
 */
class HealthChecksTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final AtomicInteger status = new AtomicInteger(200);
  private final CountDownLatch hang = new CountDownLatch(1);
  private volatile boolean hanging;
  private HttpServer http;
  private ServerSocket tcp;
  private Brama brama;

  @AfterEach
  void stop() throws IOException {
    hang.countDown();
    if (brama != null) {
      brama.close();
    }
    if (http != null) {
      http.stop(0);
    }
    if (tcp != null) {
      tcp.close();
    }
  }

  private URI startHttp() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/health", exchange -> {
      if (hanging) {
        try {
          hang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int code = status.get();
      if (code == 302) {
        exchange.getResponseHeaders().add("Location", "/elsewhere");
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/health");
  }

  @Test
  void httpIsHealthyOn2xxAnd3xxAndUnhealthyOtherwise() throws Exception {
    URI uri = startHttp();
    HealthCheck check = HealthChecks.http(uri, TIMEOUT);
    assertThat(check.check()).isEqualTo(Health.healthy());
    status.set(302);
    assertThat(check.check()).isEqualTo(Health.healthy());
    status.set(500);
    assertThat(check.check()).isEqualTo(Health.unhealthy("HTTP 500 from " + uri));
    status.set(503);
    assertThat(check.check().reason()).isEqualTo("HTTP 503 from " + uri);
    assertThat(check).hasToString("http " + uri);
  }

  @Test
  void httpThatHangsTimesOut() throws Exception {
    URI uri = startHttp();
    hanging = true;
    HealthCheck check = HealthChecks.http(uri, Duration.ofMillis(200));
    long t0 = System.nanoTime();
    assertThatThrownBy(check::check).isInstanceOf(java.net.http.HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void tcpIsHealthyWhileThePortIsOpen() throws Exception {
    tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = tcp.getLocalPort();
    HealthCheck check = HealthChecks.tcp("127.0.0.1", port, TIMEOUT);
    assertThat(check.check()).isEqualTo(Health.healthy());
    assertThat(check).hasToString("tcp 127.0.0.1:" + port);

    tcp.close();
    assertThatThrownBy(check::check).isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> HealthChecks.tcp("h", 0, TIMEOUT))
        .hasMessage("port must be in [1, 65535], was 0");
    assertThatThrownBy(() -> HealthChecks.tcp(null, 80, TIMEOUT))
        .isInstanceOf(NullPointerException.class).hasMessage("host must not be null");
    assertThatThrownBy(() -> HealthChecks.tcp("h", 80, Duration.ZERO))
        .hasMessage("timeout must be > 0, was PT0S");
    assertThatThrownBy(() -> HealthChecks.http(URI.create("/relative"), TIMEOUT))
        .hasMessage("uri must be an absolute http or https URI, was /relative");
    assertThatThrownBy(() -> HealthChecks.http(URI.create("ftp://h/x"), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthChecks.jdbc(null, TIMEOUT))
        .isInstanceOf(NullPointerException.class).hasMessage("dataSource must not be null");
  }

  /** A monitor on the system clock: the server fails, the circuit opens; it recovers, it closes. */
  @Test
  void aMonitorOpensOnAFailingServerAndClosesWhenItRecovers() throws Exception {
    URI uri = startHttp();
    brama = Brama.builder().config(BramaConfig.builder().maxAttempts(3)
        .expiry(Duration.ofMillis(300)).build()).build();
    brama.register("api");
    HealthMonitor monitor = brama.monitor("api", HealthChecks.http(uri, Duration.ofSeconds(2)),
        Duration.ofMillis(50), Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> monitor.lastHealth() != null);
    assertThat(brama.status("api").state()).isEqualTo(CircuitState.CLOSED);

    status.set(500);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> brama.status("api").state() != CircuitState.CLOSED);
    assertThat(brama.status("api").lastFailureReason()).isEqualTo("HTTP 500 from " + uri);

    status.set(200);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> brama.status("api").state() == CircuitState.CLOSED);
  }

  /** A monitor on a TCP port that is closed and opened again (same port). */
  @Test
  void aMonitorFollowsATcpPortClosingAndOpening() throws Exception {
    tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = tcp.getLocalPort();
    brama = Brama.builder().config(BramaConfig.builder().maxAttempts(2)
        .expiry(Duration.ofMillis(200)).build()).build();
    brama.register("cache");
    HealthMonitor monitor = brama.monitor("cache",
        HealthChecks.tcp("127.0.0.1", port, Duration.ofSeconds(2)), Duration.ofMillis(50),
        Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> monitor.lastHealth() != null);
    assertThat(brama.status("cache").state()).isEqualTo(CircuitState.CLOSED);

    tcp.close();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> brama.status("cache").state() != CircuitState.CLOSED);

    tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> brama.status("cache").state() == CircuitState.CLOSED);
  }
}
