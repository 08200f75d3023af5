package io.brama.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for one dashboard: GET and POST by path, JSON parsing. */
final class Api {
  static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI base;

  Api(BramaDashboard dashboard) {
    this.base = dashboard.uri();
  }

  /** {@code path} is relative to the dashboard's root and already percent-encoded. */
  URI uri(String path) {
    return base.resolve(path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
  }

  HttpResponse<String> post(String path, String bearerToken) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.noBody());
    if (bearerToken != null) {
      b.header("Authorization", "Bearer " + bearerToken);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return MAPPER.readTree(response.body());
  }

  static JsonNode json(String text) {
    return MAPPER.readTree(text);
  }
}
