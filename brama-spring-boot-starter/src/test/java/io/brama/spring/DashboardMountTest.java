package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.CircuitState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard on the application's own server, over real HTTP: once on Spring MVC (Tomcat), once
 * on WebFlux (Reactor Netty), each behind Spring Security (see {@link DashboardApps}).
 */
abstract class DashboardMountTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      (DashboardApps.USER + ":" + DashboardApps.PASSWORD).getBytes(StandardCharsets.UTF_8));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
  private ConfigurableApplicationContext app;
  private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

  abstract WebApplicationType type();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private void start(String... properties) {
    app = DashboardApps.start(type(), properties);
  }

  private Brama brama() {
    return app.getBean(Brama.class);
  }

  private int port() {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  private HttpResponse<String> get(String path, boolean signedIn) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(DEADLINE);
    if (signedIn) {
      request.header("Authorization", BASIC);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(DEADLINE)
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndItsApiUnderThePathToSignedInUsers() throws Exception {
    start();
    HttpResponse<String> page = get("/ops/brama/", true);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>");
    assertThat(get("/ops/brama/dashboard.js", true).statusCode()).isEqualTo(200);

    HttpResponse<String> connections = get("/ops/brama/api/connections", true);
    assertThat(connections.statusCode()).isEqualTo(200);
    assertThat(connections.body()).contains("\"payment_api\"");
    // the starter turned the call counters on for the plots
    assertThat(get("/ops/brama/api/settings", true).body()).contains("\"countsCalls\":true",
        "\"writeEnabled\":true");
    assertThat(brama().countsCalls()).isTrue();

    HttpResponse<String> bare = get("/ops/brama", true);
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).hasValue("brama/");
    assertThat(get("/ops/brama/nothing-here", true).statusCode()).isEqualTo(404);
    assertThat(get("/ops/bramaX/", true).statusCode()).isEqualTo(404); // not the dashboard's
  }

  @Test
  void theApplicationsSecurityGuardsThePage() throws Exception {
    start();
    for (String path : List.of("/ops/brama/", "/ops/brama/api/connections",
        "/ops/brama/api/events", "/ops/brama")) {
      HttpResponse<String> refused = get(path, false);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.body()).as(path).doesNotContain("payment_api");
    }
  }

  @Test
  void writesNeedTheDashboardsToken() throws Exception {
    start();
    String open = "/ops/brama/api/connections/payment_api/open";
    assertThat(post(open, null).statusCode()).isEqualTo(401);
    assertThat(post(open, "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(brama().status("payment_api").state()).isEqualTo(CircuitState.CLOSED);

    assertThat(post(open, "Bearer " + DashboardApps.TOKEN).statusCode()).isEqualTo(200);
    assertThat(brama().status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(post("/ops/brama/api/connections/payment_api/reset",
        "Bearer " + DashboardApps.TOKEN).statusCode()).isEqualTo(200);
    assertThat(brama().status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void streamsEventsAsTheyHappen() throws Exception {
    start();
    CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
        HttpRequest.newBuilder(uri("/ops/brama/api/events")).header("Authorization", BASIC).build(),
        HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/event-stream"));
    List<String> lines = DashboardApps.lines(response, cleanup);

    await().atMost(DEADLINE).until(() -> lines.contains(": connected"));
    brama().failure("payment_api", "boom");
    brama().failure("payment_api", "boom");

    await().atMost(DEADLINE).until(() -> lines.stream().anyMatch(
        l -> l.startsWith("data:") && l.contains("\"STATE_CHANGE\"") && l.contains("\"OPEN\"")));
  }

  /**
   * Open pages must not hold up shutdown: the web server's graceful shutdown would wait its whole
   * timeout (30 s) for their streams, which the dashboard ends as the context starts stopping.
   */
  @Test
  void closingTheApplicationEndsOpenStreamsAtOnce() throws Exception {
    start();
    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(uri("/ops/brama/api/events")).header("Authorization", BASIC).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    InputStream body = response.body();
    cleanup.add(body);

    long start = System.nanoTime();
    app.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(body.readAllBytes()).asString(StandardCharsets.UTF_8).contains(": connected");
  }

  /**
   * A client that opens the event stream and never reads must not hold its slot for good: with one
   * slot, events pile up behind its unread bytes until the dashboard drops it, and a new page gets
   * the stream.
   */
  @Test
  void aClientThatStopsReadingLosesItsStream() throws Exception {
    start("brama.dashboard.max-event-streams=1");
    Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port());
    cleanup.add(stalled);
    stalled.setReceiveBufferSize(4096);
    OutputStream out = stalled.getOutputStream();
    out.write(("GET /ops/brama/api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + BASIC
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = stalled.getInputStream();
    byte[] head = new byte[12];
    assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12); // "HTTP/1.1 200", then never a byte more
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    assertThat(get("/ops/brama/api/events?probe", true).statusCode()).isEqualTo(503);

    String reason = "x".repeat(2_000);
    int[] round = {0};
    await().atMost(DEADLINE).until(() -> {
      for (int i = 0; i < 200; i++) {
        brama().register("flood-" + round[0] + "-" + i);
        brama().failure("flood-" + round[0] + "-" + i, reason);
        brama().unregister("flood-" + round[0] + "-" + i);
      }
      round[0]++;
      return eventStreamAnswers();
    });
  }

  /** Whether a new event stream is served (200) rather than refused for want of a slot (503). */
  private boolean eventStreamAnswers() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(uri("/ops/brama/api/events")).header("Authorization", BASIC)
            .timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode() == 200;
  }
}
