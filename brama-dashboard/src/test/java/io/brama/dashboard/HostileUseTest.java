package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard used as a hostile client would: half-sent and trickled request heads, more
 * connections than allowed, path traversal, spoofed Host headers (DNS rebinding), oversized heads,
 * event-stream clients that never read, and many that come and go. Each case fails if the
 * protection it names is taken away.
 */
class HostileUseTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(300);
  private static final int STALLED = 500;
  private static final String TOKEN = "hostile-t0ken";

  private Fixture f;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    try {
      for (AutoCloseable client : clients) {
        client.close();
      }
    } finally {
      if (f != null) {
        f.close();
      }
    }
  }

  @Test
  void halfSentHeadsHoldNoThreadsAndNormalRequestsStayFast() throws IOException {
    f = new Fixture(DashboardConfig.builder().readTimeout(Duration.ofMinutes(1)).build());
    assertThat(RawHttp.status(get("/api/connections"))).isEqualTo(200); // warm up
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    for (int i = 0; i < STALLED; i++) {
      keep(StalledSocket.open(f.dashboard.port()));
    }
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == STALLED);

    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      String response = get("/api/connections"); // a new connection each time
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(RawHttp.status(response)).isEqualTo(200);
      assertThat(took).isLessThan(Duration.ofSeconds(1));
    }
    // the JDK's server grew by one thread per stalled socket
    int grown = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
    assertThat(grown).isLessThanOrEqualTo(JettyServer.MAX_THREADS);
    assertThat(f.dashboard.poolThreads()).isLessThanOrEqualTo(JettyServer.MAX_THREADS);
    // under the cap and the read timeout, every stalled socket is still held (and costs no thread)
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == STALLED);
    assertThat(f.dashboard.evictedConnections()).isZero();
    assertThat(f.dashboard.timedOutConnections()).isZero();
  }

  @Test
  void aHalfSentHeadIsClosedAfterTheReadTimeout() throws IOException {
    f = new Fixture(DashboardConfig.builder().readTimeout(SHORT_READ_TIMEOUT).build());

    long start = System.nanoTime();
    StalledSocket stalled = keep(StalledSocket.open(f.dashboard.port()));
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(stalled::closedByServer);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(SHORT_READ_TIMEOUT, SHORT_READ_TIMEOUT.plusSeconds(2));
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == 0);
  }

  @Test
  void aHeadTrickledByteByByteIsClosedAtTheReadTimeoutToo() throws IOException {
    f = new Fixture(DashboardConfig.builder().readTimeout(SHORT_READ_TIMEOUT).build());
    StalledSocket trickle = keep(StalledSocket.open(f.dashboard.port(),
        "GET /api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: "));

    // a byte every 50 ms: an idle timeout alone would never fire
    long start = System.nanoTime();
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (trickle.closedByServer()) {
        return true;
      }
      try {
        trickle.send("a");
        return false;
      } catch (IOException e) {
        return true;
      }
    });
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(SHORT_READ_TIMEOUT, SHORT_READ_TIMEOUT.plusSeconds(2));
    assertThat(f.dashboard.timedOutConnections()).isEqualTo(1);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheReadTimeout() throws IOException {
    f = new Fixture(DashboardConfig.builder().readTimeout(SHORT_READ_TIMEOUT).build());

    StalledSocket idle = keep(StalledSocket.open(f.dashboard.port(),
        "GET /api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(idle::closedByServer);
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == 0);
  }

  @Test
  void atTheCapTheConnectionWaitingLongestForItsHeadIsClosedFirst() throws Exception {
    f = new Fixture(DashboardConfig.builder().maxConnections(4)
        .readTimeout(Duration.ofMinutes(1)).build());
    SseClient stream = keep(SseClient.open(f.api)); // busy: its head came long ago
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == 1);
    StalledSocket a = stalled(2);
    StalledSocket b = stalled(3);
    StalledSocket c = stalled(4);

    StalledSocket d = keep(StalledSocket.open(f.dashboard.port())); // one over the cap

    await().atMost(DEADLINE).until(a::closedByServer);
    assertThat(List.of(b, c, d)).noneMatch(StalledSocket::closedByServer);
    assertThat(f.dashboard.evictedConnections()).isEqualTo(1);
    f.register("still_streaming", null, null);
    await().atMost(DEADLINE).until(() -> stream.summary().contains("REGISTERED still_streaming"));

    // a normal request at the cap is served, at the cost of the next longest-waiting head
    assertThat(RawHttp.status(get("/api/connections"))).isEqualTo(200);
    await().atMost(DEADLINE).until(b::closedByServer);
    assertThat(List.of(c, d)).noneMatch(StalledSocket::closedByServer);
    assertThat(f.dashboard.evictedConnections()).isEqualTo(2);
  }

  @Test
  void atTheCapWithEveryConnectionBusyTheNewcomerIsClosed() throws Exception {
    f = new Fixture(DashboardConfig.builder().maxConnections(2)
        .readTimeout(Duration.ofMinutes(1)).build());
    SseClient first = keep(SseClient.open(f.api));
    SseClient second = keep(SseClient.open(new Api(f.dashboard))); // its own connection
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == 2);

    StalledSocket newcomer = keep(StalledSocket.open(f.dashboard.port()));

    await().atMost(DEADLINE).until(newcomer::closedByServer);
    assertThat(f.dashboard.evictedConnections()).isEqualTo(1);
    f.register("both_still_streaming", null, null);
    await().atMost(DEADLINE).until(() -> first.summary().contains("REGISTERED both_still_streaming")
        && second.summary().contains("REGISTERED both_still_streaming"));
  }

  @Test
  void pathTraversalNeverReachesBeyondThePage() throws IOException {
    f = new Fixture();
    List<String> attempts = List.of(
        "/../../../../etc/passwd",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/.%2e/.%2e/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/dashboard.js/../../../../etc/passwd",
        "/index.html/..%5c..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/io/brama/dashboard/index.html",
        "/io/brama/dashboard/Router.class",
        "/module-info.class",
        "/META-INF/MANIFEST.MF",
        "/api/connections/..%2f..%2findex.html",
        "/api/connections/%2e%2e/open");
    for (String path : attempts) {
      String response = get(path);
      assertThat(RawHttp.status(response)).as(path).isIn(400, 404);
      // errors are JSON under the same headers, whether the dashboard or Jetty refused the path
      assertThat(response).as(path).contains("Content-Type: application/json; charset=utf-8",
          "X-Content-Type-Options: nosniff", "Content-Security-Policy: default-src 'none'")
          .doesNotContain("root:", "Manifest-Version", "<html", "class");
    }
    // absolute-form targets: a file URI, and a traversal behind this dashboard's own authority
    String host = "127.0.0.1:" + f.dashboard.port();
    assertThat(RawHttp.status(RawHttp.send(f.dashboard.port(), "GET file:///etc/passwd HTTP/1.1\r\n"
        + "Host: " + host + "\r\nConnection: close\r\n\r\n"))).isIn(400, 404);
    assertThat(RawHttp.status(RawHttp.send(f.dashboard.port(), "GET http://" + host
        + "/../../etc/passwd HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")))
        .isIn(400, 404);
    assertThat(RawHttp.status(get("/index.html"))).isEqualTo(200);
  }

  @Test
  void foreignHostsAreRefusedSoDnsRebindingReachesNothing() throws IOException {
    f = new Fixture(DashboardConfig.builder().token(TOKEN).build());
    f.register("api", null, null);
    int port = f.dashboard.port();
    List<String> hosts = List.of("evil.example", "evil.example:" + port,
        "127.0.0.1.evil.example", "localhost.evil.example:" + port, "attacker.localhost",
        "127.0.0.2", "[::1].evil.example", "127.0.0.1:" + port + "@evil.example");
    for (String host : hosts) {
      String response = RawHttp.get(port, "/api/connections", host);
      // 421 from the dashboard, or 400 where Jetty finds the header malformed: never the data
      assertThat(RawHttp.status(response)).as(host).isIn(400, 421);
      assertThat(response).as(host).doesNotContain("\"id\"");
    }
    // a rebound page posting the token it somehow got still opens nothing
    String post = RawHttp.send(port, "POST /api/connections/api/open HTTP/1.1\r\n"
        + "Host: evil.example:" + port + "\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(post)).isEqualTo(421);
    assertThat(f.brama.status("api").state()).isEqualTo(CircuitState.CLOSED);
    // an absolute-form target's authority counts, alone or beside a Host header (Jetty refuses a
    // mismatch of the two itself)
    assertThat(RawHttp.status(RawHttp.send(port, "GET http://evil.example/api/connections "
        + "HTTP/1.0\r\n\r\n"))).isEqualTo(421);
    assertThat(RawHttp.status(RawHttp.send(port, "GET http://evil.example/api/connections "
        + "HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")))
        .isIn(400, 421);
    assertThat(RawHttp.status(RawHttp.send(port, "GET http://127.0.0.1:" + port
        + "/api/connections HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")))
        .isIn(400, 421);
    assertThat(RawHttp.status(RawHttp.send(port, "GET /api/connections HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))).isIn(400, 421);
    // loopback names are served
    assertThat(RawHttp.status(RawHttp.send(port, "GET http://127.0.0.1:" + port
        + "/api/connections HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")))
        .isEqualTo(200);
    assertThat(RawHttp.status(RawHttp.get(port, "/api/connections", "localhost:" + port)))
        .isEqualTo(200);
    assertThat(RawHttp.status(RawHttp.send(port, "GET /api/connections HTTP/1.0\r\n\r\n")))
        .isEqualTo(200);
  }

  @Test
  void oversizedHeadsAreRefusedAndTheDashboardGoesOn() throws IOException {
    f = new Fixture();
    int port = f.dashboard.port();

    String bigHeader = RawHttp.send(port, "GET /api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "X-Big: " + "x".repeat(16 * 1024) + "\r\nConnection: close\r\n\r\n");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      many.append("X-Header-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
    }
    String manyHeaders = RawHttp.send(port, "GET /api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + many + "Connection: close\r\n\r\n");
    String longUri = RawHttp.send(port, "GET /api/connections/" + "a".repeat(16 * 1024)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(bigHeader)).isEqualTo(431);
    assertThat(RawHttp.status(manyHeaders)).isEqualTo(431);
    assertThat(RawHttp.status(longUri)).isIn(414, 431);
    assertThat(RawHttp.status(get("/api/connections"))).isEqualTo(200);
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == 0);
  }

  @Test
  void anEventStreamClientThatNeverReadsIsGivenUpWithoutBlockingBramaOrOthers() throws Exception {
    // a queue too large to overflow: only the stream's idle timeout can end the stalled one
    f = new Fixture(DashboardConfig.builder().readTimeout(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofMillis(200)).eventStreamQueueCapacity(10_000).build());
    f.register("flappy", null, null);
    List<String> bramaSide = new CopyOnWriteArrayList<>();
    f.brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> bramaSide.add(e.reason() + ""));
    SseClient fast = keep(SseClient.open(f.api));
    Socket stalled = keep(neverReadingStream(f.dashboard.port()));
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 2);

    // 600 events of 16 KB: more than the loopback socket buffers hold, so a write to it pends
    String bulk = "x".repeat(16_000);
    for (int i = 0; i < 300; i++) {
      f.brama.open("flappy", bulk);
      f.brama.reset("flappy", "r" + i);
    }
    f.brama.open("flappy", "last");

    await().atMost(DEADLINE).until(() -> bramaSide.contains("last"));
    await().atMost(DEADLINE).until(() -> stateChanges(fast).size() == 601);
    assertThat(stateChanges(fast).get(600)).isEqualTo("last");
    // given up after heartbeat + read timeout with its write pending, not for falling behind
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 1);
    assertThat(f.dashboard.droppedEventStreams()).isZero();
    assertThat(stalled.isClosed()).isFalse(); // our end is open; the server gave up on it
    f.register("after", null, null);
    await().atMost(DEADLINE).until(() -> fast.summary().contains("REGISTERED after"));
  }

  @Test
  void manyEventStreamClientsComingAndGoingLeakNothing() throws Exception {
    int max = 8;
    f = new Fixture(DashboardConfig.builder().maxEventStreams(max)
        .heartbeatInterval(Duration.ofMillis(50)).build());
    assertThat(RawHttp.status(get("/api/connections"))).isEqualTo(200); // warm up
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    for (int round = 0; round < 10; round++) {
      List<Socket> streams = new ArrayList<>();
      for (int i = 0; i < max; i++) {
        streams.add(connectedStream(f.dashboard.port()));
      }
      assertThat(RawHttp.status(get("/api/events"))).isEqualTo(503);
      f.register("c" + round, null, null); // published while the streams go
      for (Socket stream : streams) {
        stream.close();
      }
      await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 0
          && f.dashboard.openConnections() == 0);
    }

    // every slot came back
    for (int i = 0; i < max; i++) {
      clients.add(connectedStream(f.dashboard.port()));
    }
    assertThat(f.dashboard.eventStreamCount()).isEqualTo(max);
    assertThat(f.dashboard.droppedEventStreams()).isZero();
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore)
        .isLessThanOrEqualTo(JettyServer.MAX_THREADS);
  }

  private String get(String path) throws IOException {
    return RawHttp.get(f.dashboard.port(), path, "127.0.0.1");
  }

  private <T extends AutoCloseable> T keep(T client) {
    clients.add(client);
    return client;
  }

  /** Opens a stalled socket and waits until the server counts it as the {@code n}th connection. */
  private StalledSocket stalled(int n) throws IOException {
    StalledSocket socket = keep(StalledSocket.open(f.dashboard.port()));
    await().atMost(DEADLINE).until(() -> f.dashboard.openConnections() == n);
    return socket;
  }

  private static List<String> stateChanges(SseClient client) {
    return client.events().stream().filter(e -> e.get("type").asString().equals("STATE_CHANGE"))
        .map(e -> e.get("reason").asString()).collect(Collectors.toList());
  }

  /** Asks for the event stream with a tiny receive buffer, then never reads. */
  private static Socket neverReadingStream(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Opens an event stream over a bare socket and returns once the server has subscribed it. */
  private static Socket connectedStream(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    BufferedReader in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String line = in.readLine();
    assertThat(line).isEqualTo("HTTP/1.1 200 OK");
    while (line != null && !line.equals(": connected")) {
      line = in.readLine();
    }
    assertThat(line).isEqualTo(": connected");
    return socket;
  }
}
