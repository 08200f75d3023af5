package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a dashboard's event stream on its own thread and keeps every {@code data:} payload of a
 * plain message (events), apart from named events (the {@code live} marker after the replay).
 * {@link #open} returns once the server has subscribed the stream (its ": connected" line).
 */
final class SseClient implements AutoCloseable {
  private final InputStream body;
  private final List<String> data = new CopyOnWriteArrayList<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> named = new CopyOnWriteArrayList<>();
  private final List<String> ids = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  static SseClient open(Api api) throws IOException, InterruptedException {
    return open(api, null);
  }

  /** A stream that says it saw {@code lastEventId} already (null: a newcomer). */
  static SseClient open(Api api, String lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("api/events")).GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response = api.client.send(request.build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/event-stream; charset=utf-8");
    SseClient client = new SseClient(response);
    await().atMost(Duration.ofSeconds(5)).until(() -> client.lines.contains(": connected"));
    return client;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      String event = null; // the name of the event being read; null for a plain message
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (line.isEmpty()) {
          event = null;
        } else if (line.startsWith("event: ")) {
          event = line.substring("event: ".length());
        } else if (line.startsWith("id: ")) {
          ids.add(line.substring("id: ".length()));
        } else if (line.startsWith("data: ") && event == null) {
          data.add(line.substring("data: ".length()));
        } else if (line.startsWith("data: ")) {
          named.add(event + " " + line.substring("data: ".length()));
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  /** Every named event so far ({@code live} after the replay), as "name data". */
  List<String> named() {
    return List.copyOf(named);
  }

  /** The id of every plain message so far. */
  List<String> ids() {
    return List.copyOf(ids);
  }

  /** Every plain message's payload so far, raw. */
  List<String> raw() {
    return List.copyOf(data);
  }

  /** Every payload so far, parsed. */
  List<JsonNode> events() {
    return data.stream().map(Api::json).collect(Collectors.toList());
  }

  /** The {@code type} of every event so far, each with its connection: {@code "STATE_CHANGE a"}. */
  List<String> summary() {
    return events().stream()
        .map(e -> e.get("type").asString() + " " + e.get("connection").asString())
        .collect(Collectors.toList());
  }

  /** Every line so far, comments and blank lines included. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Whether the server ended the stream (or it failed). */
  boolean ended() {
    return ended;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
