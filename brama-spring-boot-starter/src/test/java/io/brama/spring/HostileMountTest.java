package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.dashboard.DashboardConfig;
import io.brama.dashboard.MountedDashboard;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The mounted dashboard against hostile clients and demanding operators, on a real server behind
 * Spring Security (see {@link DashboardApps}): streams opened past the limit and dropped with a TCP
 * reset, a context path, every method on every endpoint, odd ids and paths, and shutdown with pages
 * open. Every request is written byte for byte ({@link RawHttp}), so no client tidies it up first.
 * No test may leave an ERROR or a "committed" complaint in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class HostileMountTest {
  static final Duration DEADLINE = Duration.ofSeconds(20);
  static final String BASIC = "Authorization: Basic " + Base64.getEncoder().encodeToString(
      (DashboardApps.USER + ":" + DashboardApps.PASSWORD).getBytes(StandardCharsets.UTF_8));
  static final String BEARER = "Authorization: Bearer " + DashboardApps.TOKEN;
  static final String CLOSE = "Connection: close";

  ConfigurableApplicationContext app;
  final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

  abstract WebApplicationType type();

  @AfterEach
  void stop(CapturedOutput output) throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    if (app != null) {
      app.close();
    }
    assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContainIgnoringCase("committed");
  }

  void start(String... properties) {
    app = DashboardApps.start(type(), properties);
  }

  /**
   * The dashboard with a heartbeat every second: Tomcat notices a client gone only when it writes
   * to it, so a reset stream gives its slot back at its next heartbeat (15 s by default). A second
   * leaves the reset well before that write, whose failure then surfaces on the dashboard's writer
   * thread while Tomcat ends the request on its own: the race the servlet sink must survive.
   */
  @Configuration(proxyBeanMethods = false)
  static class FastHeartbeat {
    @Bean
    MountedDashboard bramaMountedDashboard(Brama brama, BramaProperties properties) {
      return MountedDashboard.create(brama, DashboardConfig.builder().token(DashboardApps.TOKEN)
          .maxEventStreams(properties.getDashboard().getMaxEventStreams())
          .heartbeatInterval(Duration.ofMillis(1000)).clock(brama.clock()).build());
    }
  }

  Brama brama() {
    return app.getBean(Brama.class);
  }

  int port() {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  RawHttp send(String method, String target, String... headers) throws Exception {
    RawHttp raw = RawHttp.send(port(), method, target, headers);
    cleanup.add(raw);
    return raw;
  }

  /** A signed-in event stream, its 200 head read. */
  RawHttp openStream(String target) throws Exception {
    RawHttp stream = send("GET", target, BASIC, "Accept: text/event-stream");
    assertThat(stream.status()).as(stream.head()).isEqualTo(200);
    return stream;
  }

  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /**
   * The limit holds however many pages ask (the extras get 503 with Retry-After, and cost no thread),
   * open streams hold no request thread (Tomcat has four here, for twenty streams), and streams
   * whose clients vanish with a TCP reset give their slots back, round after round, with no thread
   * left behind, and without ending anyone else's stream: on Tomcat a write or complete() that
   * lands after the container ended a request goes to the next request on its recycled objects.
   */
  @Test
  void streamsPastTheLimitAreRefusedAndResetStreamsGiveTheirSlotsBack() throws Exception {
    int max = 20;
    app = DashboardApps.start(type(), new Class<?>[] {FastHeartbeat.class},
        "brama.dashboard.max-event-streams=" + max, "server.tomcat.threads.max=4",
        "server.tomcat.threads.min-spare=1");
    try (RawHttp warm = send("GET", "/ops/brama/api/connections", BASIC, CLOSE)) {
      assertThat(warm.status()).isEqualTo(200);
    }
    int threadsBefore = -1;
    for (int round = 0; round < 3; round++) {
      List<RawHttp> streams = new ArrayList<>();
      for (int i = 0; i < max; i++) {
        streams.add(awaitStream());
      }
      List<RawHttp> extras = new ArrayList<>(); // all asking at once
      for (int i = 0; i < (round == 0 ? 50 : 5); i++) {
        extras.add(send("GET", "/ops/brama/api/events", BASIC, CLOSE));
      }
      for (RawHttp extra : extras) {
        assertThat(extra.status()).isEqualTo(503);
        assertThat(extra.header("Retry-After")).isEqualTo("5");
        extra.close();
      }
      // the streams hold no request thread: plain requests are answered while they are open
      for (int i = 0; i < 8; i++) {
        try (RawHttp plain = send("GET", "/ops/brama/api/connections", BASIC, CLOSE)) {
          assertThat(plain.status()).isEqualTo(200);
          assertThat(plain.rest()).contains("payment_api");
        }
      }
      // every stream lives on: none was ended by what ended the last round's
      for (RawHttp stream : streams) {
        assertThat(stream.readUntil(": heartbeat")).isTrue();
      }
      if (round == 0) {
        threadsBefore = threads();
      } else {
        assertThat(threads()).isLessThanOrEqualTo(threadsBefore + 4);
      }
      for (RawHttp stream : streams) {
        stream.reset();
      }
    }
  }

  /** A new stream once a slot is free again (503 until then). */
  RawHttp awaitStream() throws Exception {
    RawHttp[] served = new RawHttp[1];
    await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
      RawHttp stream = send("GET", "/ops/brama/api/events", BASIC);
      if (stream.status() == 200) {
        served[0] = stream;
        return true;
      }
      stream.close();
      return false;
    });
    return served[0];
  }

  /**
   * Under a context path (Tomcat) or base path (WebFlux) everything moves along: the page, the API,
   * the event stream, and the bare mount path's redirect, whose relative Location resolves under it.
   */
  @Test
  void underAContextPathEverythingIsUnderIt() throws Exception {
    start("server.servlet.context-path=/app", "spring.webflux.base-path=/app");
    try (RawHttp page = send("GET", "/app/ops/brama/", BASIC, CLOSE)) {
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.rest()).contains("dashboard.js");
    }
    try (RawHttp api = send("GET", "/app/ops/brama/api/connections", BASIC, CLOSE)) {
      assertThat(api.status()).isEqualTo(200);
      assertThat(api.rest()).contains("payment_api");
    }
    try (RawHttp bare = send("GET", "/app/ops/brama?x=1", BASIC, CLOSE)) {
      assertThat(bare.status()).isEqualTo(308);
      assertThat(URI.create("http://h/app/ops/brama?x=1").resolve(bare.header("Location")))
          .hasToString("http://h/app/ops/brama/?x=1");
    }
    RawHttp stream = openStream("/app/ops/brama/api/events");
    assertThat(stream.readUntil(": connected")).isTrue();
    brama().failure("payment_api", "boom");
    brama().failure("payment_api", "boom");
    assertThat(stream.readUntil("\"OPEN\"")).isTrue();
    try (RawHttp outside = send("GET", "/ops/brama/", BASIC, CLOSE)) {
      assertThat(outside.status()).isEqualTo(404);
    }
  }

  /**
   * Every method on every endpoint: HEAD gets GET's headers and no body (and on the event stream
   * opens none), OPTIONS gets 405 naming GET and HEAD from the dashboard, and PUT, DELETE, PATCH
   * and POST on a read endpoint are refused by Spring Security's CSRF check (403) before they reach
   * it. On a write endpoint only POST gets past sign-in, as the application's chain says.
   */
  @Test
  void everyMethodOnEveryEndpoint() throws Exception {
    start("brama.dashboard.max-event-streams=1");
    for (String path : List.of("/ops/brama/", "/ops/brama/dashboard.js",
        "/ops/brama/api/settings", "/ops/brama/api/connections",
        "/ops/brama/api/connections/payment_api", "/ops/brama/api/events")) {
      try (RawHttp head = send("HEAD", path, BASIC, CLOSE)) {
        assertThat(head.status()).as(path).isEqualTo(200);
        assertThat(head.rest()).as(path).isEmpty();
        if (!path.endsWith("/events")) {
          try (RawHttp get = send("GET", path, BASIC, CLOSE)) {
            assertThat(head.header("Content-Length")).as(path)
                .isEqualTo(get.header("Content-Length"));
          }
        }
      }
      try (RawHttp options = send("OPTIONS", path, BASIC, CLOSE)) {
        assertThat(options.status()).as(path).isEqualTo(405);
        assertThat(options.header("Allow")).as(path).isEqualTo("GET, HEAD");
      }
    }
    for (String path : List.of("/ops/brama/", "/ops/brama/api/connections/payment_api")) {
      for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
        try (RawHttp refused = send(method, path, BASIC, CLOSE, "Content-Length: 0")) {
          assertThat(refused.status()).as(method + " " + path).isEqualTo(403);
        }
      }
    }
    String open = "/ops/brama/api/connections/payment_api/open";
    for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH")) {
      try (RawHttp refused = send(method, open, BEARER, CLOSE, "Content-Length: 0")) {
        assertThat(refused.status()).as(method).isIn(401, 403);
      }
    }
    assertThat(brama().status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    openStream("/ops/brama/api/events"); // HEAD took no slot
  }


  /**
   * Ids with a space, a non-ASCII letter or a '?' are read, opened and reset by their
   * percent-encoded form. Spring Security's firewall (on both servers) refuses an encoded '/', '%'
   * or ';' with 400 before the request reaches the dashboard.
   */
  @Test
  void percentEncodedIds() throws Exception {
    start();
    for (String[] id : new String[][] {{"pay ment", "pay%20ment"},
        {"zahlung-\u00fc", "zahlung-%C3%BC"}, {"q?", "q%3F"}}) {
      brama().register(id[0]);
      String base = "/ops/brama/api/connections/" + id[1];
      try (RawHttp get = send("GET", base, BASIC, CLOSE)) {
        assertThat(get.status()).as(id[1]).isEqualTo(200);
        assertThat(get.rest()).as(id[1]).contains("\"CLOSED\"");
      }
      try (RawHttp open = send("POST", base + "/open", BEARER, CLOSE, "Content-Length: 0")) {
        assertThat(open.status()).as(id[1]).isEqualTo(200);
      }
      assertThat(brama().status(id[0]).state()).isEqualTo(CircuitState.OPEN);
      try (RawHttp reset = send("POST", base + "/reset", BEARER, CLOSE, "Content-Length: 0")) {
        assertThat(reset.status()).as(id[1]).isEqualTo(200);
      }
      assertThat(brama().status(id[0]).state()).isEqualTo(CircuitState.CLOSED);
    }
    for (String[] id : new String[][] {{"a/b", "a%2Fb"}, {"50%", "50%25"}, {"x;y", "x%3By"}}) {
      brama().register(id[0]);
      String base = "/ops/brama/api/connections/" + id[1];
      try (RawHttp get = send("GET", base, BASIC, CLOSE)) {
        assertThat(get.status()).as(id[1]).isEqualTo(400);
      }
      try (RawHttp open = send("POST", base + "/open", BEARER, CLOSE, "Content-Length: 0")) {
        assertThat(open.status()).as(id[1]).isEqualTo(400);
      }
      assertThat(brama().status(id[0]).state()).isEqualTo(CircuitState.CLOSED);
    }
  }


  /**
   * Paths that try to step out of, around or into the mount point never reach the page unsigned
   * (nor, signed in, anything outside it): dot segments (plain or encoded), double slashes, path
   * parameters and encoded slashes are refused with 400 by Spring Security's firewall; a case or
   * encoding variant of the mount path is not the dashboard's (404); a 20,000-character path is
   * refused by the server (Tomcat 400, Reactor Netty 414) and the server serves on.
   */
  @Test
  void traversalDoubleSlashesAndLongPaths() throws Exception {
    start();
    String hugeId = "a".repeat(20_000);
    Map<String, Integer> signedIn = new LinkedHashMap<>();
    for (String target : List.of("/ops/brama/../brama/api/connections",
        "/ops/brama/%2e%2e/brama/api/connections", "/ops/brama/%2E%2E/%2E%2E/actuator/health",
        "/ops/brama//api/connections", "//ops/brama/api/connections", "/ops/brama/./api/connections",
        "/x/../ops/brama/api/connections", "/ops/x/..;/brama/api/connections",
        "/ops/brama;x=1/api/connections", "/ops/brama/api/connections;x=1",
        "/ops/brama/api%2Fconnections", "/ops/brama/..%2F..%2Factuator",
        "/ops/brama?x=\"><b>")) {
      signedIn.put(target, 400);
    }
    signedIn.put("/ops/%62rama/api/connections", 404);
    signedIn.put("/OPS/brama/api/connections", 404);
    signedIn.put("/ops/brama/api/connections/", 404);
    signedIn.put("/ops/brama/api/connections/" + "a".repeat(3_000), 404);
    signedIn.put("/ops/brama/api/connections/" + hugeId, type() == WebApplicationType.SERVLET
        ? 400 : 414);
    for (Map.Entry<String, Integer> target : signedIn.entrySet()) {
      String shortly = target.getKey().substring(0, Math.min(60, target.getKey().length()));
      try (RawHttp out = send("GET", target.getKey(), CLOSE)) {
        assertThat(out.status()).as(shortly).isIn(400, 401, 404, 414);
        assertThat(out.rest()).as(shortly).doesNotContain("payment_api");
      }
      try (RawHttp in = send("GET", target.getKey(), BASIC, CLOSE)) {
        assertThat(in.status()).as(shortly).isEqualTo(target.getValue());
        assertThat(in.rest()).as(shortly).doesNotContain("payment_api");
      }
    }
    try (RawHttp after = send("GET", "/ops/brama/api/connections", BASIC, CLOSE)) {
      assertThat(after.status()).isEqualTo(200);
    }
  }


  /**
   * A client that half-closes after its request: Tomcat keeps streaming to it (it still reads),
   * Reactor Netty ends the stream (it closes a connection whose input ended) and frees the slot. A
   * client that never reads an idle stream keeps its slot: to the server it is a quiet page, its
   * heartbeats fit its socket buffers for days.
   */
  @Test
  void halfClosedAndNeverReadingClients() throws Exception {
    start("brama.dashboard.max-event-streams=2");
    RawHttp half = openStream("/ops/brama/api/events");
    assertThat(half.readUntil(": connected")).isTrue();
    half.shutdownOutput();
    RawHttp idle = openStream("/ops/brama/api/events"); // never read beyond its head
    brama().failure("payment_api", "boom");
    brama().failure("payment_api", "boom");
    boolean servlet = type() == WebApplicationType.SERVLET;
    assertThat(half.readUntil("\"OPEN\"")).isEqualTo(servlet);
    try (RawHttp third = send("GET", "/ops/brama/api/events", BASIC, CLOSE)) {
      assertThat(third.status()).isEqualTo(servlet ? 503 : 200);
    }
    assertThat(idle.closedWithin(Duration.ofMillis(200))).isFalse();
  }


  /**
   * Closing the application with ten pages open is quick (their streams end before the graceful
   * shutdown waits for them) and logs no error.
   */
  @Test
  void closingWithTenStreamsOpenIsQuickAndQuiet() throws Exception {
    start();
    List<RawHttp> streams = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RawHttp stream = openStream("/ops/brama/api/events");
      assertThat(stream.readUntil(": connected")).isTrue();
      streams.add(stream);
    }
    long begin = System.nanoTime();
    app.close();
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    for (RawHttp stream : streams) {
      assertThat(stream.closedWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  /**
   * Behind Spring Security's defaults (form login, no chain of the application's own), an operator
   * signs in once and the page, its API and its event stream work on the session cookie.
   */
  @Test
  void behindTheDefaultFormLoginTheSessionCookieCarriesThePageAndItsStream() throws Exception {
    app = DashboardApps.startWithDefaultSecurity(type());
    HttpClient browser = HttpClient.newBuilder()
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(DEADLINE).build();
    HttpResponse<String> refused = browser.send(request("/ops/brama/").header("Accept", "text/html")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).endsWith("/login"));

    String form = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString())
        .body();
    Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
    assertThat(csrf.find()).as(form).isTrue();
    String credentials = "username=" + DashboardApps.USER + "&password=" + DashboardApps.PASSWORD
        + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> signIn = browser.send(request("/login")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(credentials)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.statusCode()).isEqualTo(302);
    assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).doesNotContain("error"));

    HttpResponse<String> page = browser.send(request("/ops/brama/").header("Accept", "text/html")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("dashboard.js");
    assertThat(browser.send(request("/ops/brama/api/connections").build(),
        HttpResponse.BodyHandlers.ofString()).body()).contains("payment_api");

    HttpResponse<Stream<String>> stream = browser.send(request("/ops/brama/api/events")
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> lines = DashboardApps.lines(stream, cleanup);
    await().atMost(DEADLINE).until(() -> lines.contains(": connected"));
    brama().failure("payment_api", "boom");
    brama().failure("payment_api", "boom");
    await().atMost(DEADLINE).until(() -> lines.stream().anyMatch(
        l -> l.startsWith("data:") && l.contains("\"OPEN\"")));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(DEADLINE);
  }

  /**
   * Without Spring Security (no firewall) an encoded '/' in an id is the server's call: Tomcat
   * refuses it (400, its default), Reactor Netty passes it on and the dashboard decodes it, so
   * {@code a%2Fb} is read and opened there. Dot segments and double slashes are still no way out of
   * the mount point (404).
   */
  @Test
  void anEncodedSlashWithoutSpringSecurity() throws Exception {
    app = DashboardApps.startWithoutSecurity(type());
    brama().register("a/b");
    boolean tomcat = type() == WebApplicationType.SERVLET;
    for (String id : List.of("a%2Fb", "a%2fb")) {
      try (RawHttp get = send("GET", "/ops/brama/api/connections/" + id, CLOSE)) {
        assertThat(get.status()).as(id).isEqualTo(tomcat ? 400 : 200);
        assertThat(get.rest().contains("\"a/b\"")).as(id).isEqualTo(!tomcat);
      }
    }
    try (RawHttp open = send("POST", "/ops/brama/api/connections/a%2Fb/open", BEARER, CLOSE,
        "Content-Length: 0")) {
      assertThat(open.status()).isEqualTo(tomcat ? 400 : 200);
    }
    assertThat(brama().status("a/b").state()).isEqualTo(tomcat ? CircuitState.CLOSED
        : CircuitState.OPEN);
    for (String target : List.of("/ops/brama/api/connections/a/b",
        "/ops/brama/../brama/api/connections", "/ops/brama//api/connections",
        "/ops/brama/%2e%2e/actuator/health")) {
      try (RawHttp get = send("GET", target, CLOSE)) {
        assertThat(get.status()).as(target).isEqualTo(404);
      }
    }
  }

}
