package app;

import io.brama.Brama;
import io.brama.dashboard.BramaDashboard;
import io.brama.micrometer.BramaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A consumer of core, the dashboard and the Micrometer binding, all from the class path. */
public final class Inventory {
  private Inventory() {}

  /** Starts a dashboard of {@code brama} on a free loopback port, reads its API, stops it. */
  public static Fetched fetchConnections(Brama brama) throws IOException, InterruptedException {
    URI api;
    String body;
    int status;
    try (BramaDashboard dashboard = BramaDashboard.start(brama)) {
      api = dashboard.uri().resolve("/api/connections");
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      body = response.body();
    }
    return new Fetched(api, status, body);
  }

  /** Binds Brama's meters to {@code registry}; close the result to remove them. */
  public static BramaMetrics bindMetrics(Brama brama, MeterRegistry registry) {
    BramaMetrics metrics = new BramaMetrics(brama);
    metrics.bindTo(registry);
    return metrics;
  }

  /** What one request to the dashboard's API returned. */
  public record Fetched(URI uri, int status, String body) {}
}
