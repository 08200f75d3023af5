package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard without a server: requests through a plain {@link Exchange}, as a server adapter
 * hands them over. Servers with an idle timeout end a stalled stream themselves; these tests show
 * that the dashboard does too, for the servers that have none.
 */
class MountedDashboardTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final Brama brama = Brama.builder().build();
  private MountedDashboard dashboard;

  @AfterEach
  void close() {
    if (dashboard != null) {
      dashboard.close();
    }
    brama.close();
  }

  @Test
  void servesThePageAndTheApiAtPathsUnderTheMountToAnyHost() {
    brama.register("payment_api");
    dashboard = MountedDashboard.create(brama, DashboardConfig.defaults());

    TestExchange page = get("/", "ops.example.com:8443");
    assertThat(page.status).isEqualTo(200);
    assertThat(page.contentType).startsWith("text/html");
    assertThat(page.headers).containsEntry("Content-Security-Policy",
        Responses.CONTENT_SECURITY_POLICY);
    TestExchange list = get("/api/connections", "ops.example.com");
    assertThat(list.status).isEqualTo(200);
    assertThat(list.body()).contains("\"payment_api\"");
    assertThat(get("/brama/api/connections", "localhost").status).isEqualTo(404);
  }

  @Test
  void aStreamWhoseWriteNeverEndsIsGivenUpOnAfterTheIdleTimeout() {
    dashboard = MountedDashboard.create(brama, DashboardConfig.builder()
        .heartbeatInterval(Duration.ofMillis(50)).readTimeout(Duration.ofMillis(100)).build());
    TestExchange stream = new TestExchange("GET", "/api/events", "localhost");
    stream.readsNothing = true; // the client stopped reading: the first write never ends
    dashboard.handle(stream);

    await().atMost(DEADLINE).until(() -> stream.sink.aborted != null);
    assertThat(stream.sink.aborted).hasMessageContaining("read nothing for 4 heartbeats");
    assertThat(stream.sink.written).hasSize(1); // the preamble, never finished
    await().atMost(DEADLINE).until(() -> dashboard.eventStreamCount() == 0);
  }

  @Test
  void aStreamWhoseClientReadsLivesOnHeartbeats() {
    dashboard = MountedDashboard.create(brama, DashboardConfig.builder()
        .heartbeatInterval(Duration.ofMillis(20)).readTimeout(Duration.ofMillis(40)).build());
    TestExchange stream = get("/api/events", "localhost");

    await().atMost(DEADLINE).until(() -> stream.sink.written.size() >= 10);
    assertThat(stream.sink.aborted).isNull();
    assertThat(dashboard.eventStreamCount()).isEqualTo(1);
    brama.register("api");
    await().atMost(DEADLINE).until(() -> String.join("", stream.sink.written).contains("REGISTERED"));
  }

  @Test
  void aClosedDashboardAnswers503AndEndsItsStreams() {
    dashboard = MountedDashboard.create(brama, DashboardConfig.defaults());
    TestExchange stream = get("/api/events", "localhost");
    await().atMost(DEADLINE).until(() -> !stream.sink.written.isEmpty());

    dashboard.close();
    dashboard.close(); // idempotent

    assertThat(stream.sink.ended || stream.sink.aborted != null).isTrue();
    TestExchange after = get("/api/connections", "localhost");
    assertThat(after.status).isEqualTo(503);
    assertThat(after.body()).contains("the dashboard is closed");
  }

  @Test
  void refusesNullsAndAClosedBrama() {
    assertThatThrownBy(() -> MountedDashboard.create(null, DashboardConfig.defaults()))
        .isInstanceOf(NullPointerException.class).hasMessage("brama must not be null");
    assertThatThrownBy(() -> MountedDashboard.create(brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("config must not be null");
    dashboard = MountedDashboard.create(brama, DashboardConfig.defaults());
    assertThatThrownBy(() -> dashboard.handle(null))
        .isInstanceOf(NullPointerException.class).hasMessage("exchange must not be null");
    Brama closed = Brama.builder().build();
    closed.close();
    assertThatThrownBy(() -> MountedDashboard.create(closed, DashboardConfig.defaults()))
        .isInstanceOf(IllegalStateException.class);
  }

  private TestExchange get(String path, String host) {
    TestExchange exchange = new TestExchange("GET", path, host);
    dashboard.handle(exchange);
    return exchange;
  }

  /** An exchange that keeps what it was answered. */
  static final class TestExchange implements Exchange {
    private final String method;
    private final String path;
    private final String host;
    final Map<String, String> headers = new HashMap<>();
    int status;
    String contentType;
    byte[] bytes;
    TestSink sink;
    boolean readsNothing;

    TestExchange(String method, String path, String host) {
      this.method = method;
      this.path = path;
      this.host = host;
    }

    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String rawPath() {
      return path;
    }

    @Override
    public String rawQuery() {
      return null;
    }

    @Override
    public String requestHeader(String name) {
      return name.equalsIgnoreCase("Host") ? host : null;
    }

    @Override
    public String authority() {
      return host;
    }

    @Override
    public void setResponseHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public boolean responded() {
      return bytes != null || sink != null;
    }

    @Override
    public void send(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.bytes = body;
    }

    @Override
    public EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure) {
      status = 200;
      sink = new TestSink();
      sink.completeWrites = !readsNothing;
      return sink;
    }
  }

  /** A client that reads everything at once, until told to stop reading. */
  static final class TestSink implements EventSink {
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean completeWrites = true;
    volatile boolean ended;
    volatile Throwable aborted;

    @Override
    public void write(String text, Consumer<Throwable> done) {
      written.add(text);
      if (completeWrites) {
        done.accept(null);
      }
    }

    @Override
    public void end() {
      ended = true;
    }

    @Override
    public void abort(Throwable cause) {
      aborted = cause;
    }
  }
}
