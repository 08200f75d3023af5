package io.brama.examples.spring.observability;

import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus process on a free loopback port with its own temporary directory (config,
 * TSDB, log), scraping one target every second and evaluating a rules file every second.
 */
final class PrometheusServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final Path log;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path dir, Path log, int port) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Starts {@code prometheus} scraping {@code http://127.0.0.1:targetPort/metricsPath} as job
   * {@code job}, with the rules in {@code rules}; returns once it is ready.
   */
  static PrometheusServer start(Path prometheus, int targetPort, String metricsPath, String job,
      Path rules) throws IOException {
    Path dir = Files.createTempDirectory("brama-prometheus-");
    Path config = dir.resolve("prometheus.yml");
    Files.copy(rules, dir.resolve("rules.yml"));
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - rules.yml
        scrape_configs:
          - job_name: %s
            metrics_path: %s
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(job, metricsPath, targetPort));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(prometheus.toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, dir, log, port);
    try {
      await("Prometheus ready on port " + port).atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .failFast(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("Prometheus exited with " + process.exitValue()
                  + "; its log:\n" + server.log());
            }
          })
          .until(server::ready);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Evaluates {@code promql} now through {@code /api/v1/query} and returns its result (each element
   * a map with {@code metric} and {@code value}); a failed query throws with Prometheus's error.
   */
  List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + encode(promql)).read("$.data.result");
  }

  /** The values of {@code label} among the series matching {@code selector}. */
  List<String> labelValues(String label, String selector)
      throws IOException, InterruptedException {
    return get("/api/v1/label/" + label + "/values?match[]=" + encode(selector)).read("$.data");
  }

  /** The active alerts ({@code /api/v1/alerts}): labels, state, value. */
  List<Map<String, Object>> alerts() throws IOException, InterruptedException {
    return get("/api/v1/alerts").read("$.data.alerts");
  }

  /** The loaded alerting rules ({@code /api/v1/rules}): name, health, lastError, query. */
  List<Map<String, Object>> alertingRules() throws IOException, InterruptedException {
    return get("/api/v1/rules?type=alert").read("$.data.groups[*].rules[*]");
  }

  /**
   * Why the last scrape of each unhealthy target failed ({@code /api/v1/targets}), empty when every
   * scrape succeeds: a refused scrape leaves every series stale, which shows only as alerts that
   * never fire.
   */
  List<String> scrapeErrors() throws IOException, InterruptedException {
    return get("/api/v1/targets?state=active")
        .read("$.data.activeTargets[?(@.health != 'up')].lastError");
  }

  /** What Prometheus has logged so far, for failure messages. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private DocumentContext get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to "
          + pathAndQuery + ": " + response.body());
    }
    return JsonPath.parse(response.body());
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
              .timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
