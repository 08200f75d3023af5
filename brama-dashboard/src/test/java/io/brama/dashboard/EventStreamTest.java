package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.ConnectionConfig;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.spi.LocalTransition;
import io.brama.spi.Sharing;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventStreamTest extends FixtureTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** The lifecycle events ({@link EventFilter#lifecycle()}), SHARED_STATE included. */
  @Test
  void streamsLifecycleEventsOnly() throws Exception {
    f = new Fixture();
    try (SseClient sse = SseClient.open(f.api)) {
      f.register("api", "http", "payments");
      f.brama.success("api");
      f.brama.configure("api", ConnectionConfig.builder().maxAttempts(2).build());
      f.brama.attach(new QuietSharing()).report("api", "redis unreachable");
      f.brama.failure("api", "boom");
      f.brama.failure("api", "boom");   // opens: FAILURE (not streamed), STATE_CHANGE
      f.brama.available("api");         // REJECTED (not streamed)
      f.brama.unregister("api");

      await().atMost(DEADLINE).until(() -> sse.events().size() >= 5);
      assertThat(sse.summary()).containsExactly("REGISTERED api", "CONFIGURED api",
          "SHARED_STATE api", "STATE_CHANGE api", "UNREGISTERED api");
      assertThat(sse.events().get(2).get("reason").asString()).isEqualTo("redis unreachable");
      JsonNode change = sse.events().get(3);
      assertThat(change.get("previousState").asString()).isEqualTo("CLOSED");
      assertThat(change.get("newState").asString()).isEqualTo("OPEN");
      assertThat(change.get("reason").asString()).isEqualTo("boom");
      assertThat(change.get("scope").asString()).isEqualTo("payments");
      assertThat(change.get("connectionType").asString()).isEqualTo("http");
      assertThat(change.get("timestamp").asString()).isEqualTo(f.clock.instant().toString());
      assertThat(change.get("sequence").asLong()).isGreaterThan(1);
      assertThat(sse.events().get(1).get("reason").asString()).startsWith("ConnectionConfig[");
    }
  }

  @Test
  void eventTextIsEscapedAndEachEventIsOneLine() throws Exception {
    f = new Fixture();
    try (SseClient sse = SseClient.open(f.api)) {
      f.register("<x>", null, null);
      String reason = "<script>alert(1)</script>\nline two";
      f.brama.open("<x>", reason);

      await().atMost(DEADLINE).until(() -> sse.raw().size() == 2);
      assertThat(sse.raw().get(1)).doesNotContain("<", ">").contains("\\u003Cscript\\u003E");
      assertThat(sse.events().get(1).get("connection").asString()).isEqualTo("<x>");
      assertThat(sse.events().get(1).get("reason").asString()).isEqualTo(reason);
    }
  }

  @Test
  void aClosedClientsStreamIsCleanedUp() throws Exception {
    f = new Fixture(DashboardConfig.builder().heartbeatInterval(Duration.ofMillis(50)).build());
    SseClient first = SseClient.open(f.api);
    SseClient second = SseClient.open(f.api);
    assertThat(f.dashboard.eventStreamCount()).isEqualTo(2);

    first.close();

    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 1);
    f.register("after", null, null);
    await().atMost(DEADLINE).until(() -> second.summary().contains("REGISTERED after"));
    assertThat(second.lines()).contains(": heartbeat");
    second.close();
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 0);
    assertThat(f.dashboard.droppedEventStreams()).isZero();
  }

  @Test
  void aClientThatStopsReadingIsDroppedWithoutStallingOthersOrBrama() throws Exception {
    f = new Fixture(DashboardConfig.builder().eventStreamQueueCapacity(256).build());
    f.register("flappy", null, null);
    List<String> bramaSide = new CopyOnWriteArrayList<>();
    f.brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> bramaSide.add(e.reason() + ""));
    String bulk = "x".repeat(16_000);
    try (SseClient fast = SseClient.open(f.api); Socket stalled = stalledClient(f.dashboard.port())) {
      await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 2);

      // each open/reset pair streams two events, one of 16 KB; the stalled client reads none
      int[] pairs = {0};
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        for (int i = 0; i < 10; i++) {
          f.brama.open("flappy", bulk);
          f.brama.reset("flappy", "r" + pairs[0]++);
        }
        return f.dashboard.droppedEventStreams() > 0;
      });
      f.brama.open("flappy", "last");

      await().atMost(DEADLINE).until(() -> bramaSide.contains("last"));
      // every state change reaches the fast client, in order, the last one included
      await().atMost(DEADLINE).until(() -> stateChanges(fast).size() == 2 * pairs[0] + 1);
      List<String> reasons = stateChanges(fast);
      assertThat(reasons.get(reasons.size() - 1)).isEqualTo("last");
      assertThat(reasons.get(reasons.size() - 2)).isEqualTo("r" + (pairs[0] - 1));
      assertThat(f.dashboard.droppedEventStreams()).isEqualTo(1);
      assertThat(f.dashboard.eventStreamCount()).isEqualTo(1);
      assertThat(stalled.isClosed()).isFalse(); // our end is open; the server gave up on it
    }
  }

  @Test
  void streamsBeyondTheLimitAreRefused() throws Exception {
    f = new Fixture(DashboardConfig.builder().maxEventStreams(1)
        .heartbeatInterval(Duration.ofMillis(50)).build());
    try (SseClient only = SseClient.open(f.api)) {
      HttpResponse<String> refused = f.api.get("api/events");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(only.ended()).isFalse();
    }
    await().atMost(DEADLINE).until(() -> f.dashboard.eventStreamCount() == 0);
    // the slot is free again once the first stream is gone
    await().atMost(DEADLINE).untilAsserted(() -> {
      try (SseClient again = SseClient.open(f.api)) {
        assertThat(again.ended()).isFalse();
      }
    });
  }

  @Test
  void closingTheDashboardEndsEveryStream() throws Exception {
    f = new Fixture();
    try (SseClient sse = SseClient.open(f.api)) {
      f.dashboard.close();

      await().atMost(DEADLINE).until(sse::ended);
      assertThat(f.dashboard.eventStreamCount()).isZero();
      f.register("late", null, null); // no subscriber left to receive it
    }
  }

  private static List<String> stateChanges(SseClient client) {
    return client.events().stream().filter(e -> e.get("type").asString().equals("STATE_CHANGE"))
        .map(e -> e.get("reason").asString()).collect(Collectors.toList());
  }

  /** Asks for the stream with a tiny receive buffer, then never reads. */
  private static Socket stalledClient(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream unused = socket.getInputStream(); // held, never read
    assertThat(unused).isNotNull();
    return socket;
  }

  /** A sharing module that shares nothing: only its SHARED_STATE report is wanted here. */
  private static final class QuietSharing implements Sharing {
    @Override
    public void registered(String id) {
    }

    @Override
    public void unregistered(String id) {
    }

    @Override
    public void failureRecorded(String id) {
    }

    @Override
    public void succeeded(String id) {
    }

    @Override
    public void transitioned(LocalTransition transition) {
    }
  }
}
