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
 * Reads a dashboard's event stream on its own thread and keeps every {@code data:} payload.
 * {@link #open} returns once the server has subscribed the stream (its ": connected" line).
 */
final class SseClient implements AutoCloseable {
  private final InputStream body;
  private final List<String> data = new CopyOnWriteArrayList<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  static SseClient open(Api api) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = api.client.send(
        HttpRequest.newBuilder(api.uri("api/events")).GET().build(),
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
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("data: ")) {
          data.add(line.substring("data: ".length()));
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  /** Every payload so far, raw. */
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
