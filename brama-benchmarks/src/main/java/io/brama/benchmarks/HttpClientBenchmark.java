package io.brama.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.http.BramaHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK client wrapper of {@code brama-http} (issue 19): one GET of a 2-byte body from a JDK
 * {@code HttpServer} on 127.0.0.1, through the bare {@link HttpClient} and through
 * {@code BramaHttpClient.wrap(client, brama)} with the default rules (the id {@code host:port},
 * registered on the first request). Both rows share one client (HTTP/1.1, kept-alive connections)
 * and one server, so the difference is what the wrapper adds per request: the id, the permit, the
 * status classification. Blocking {@code send} and {@code sendAsync(...).join()}. The tear-down
 * checks that the circuit stayed closed (a failing server would measure rejections instead).
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar HttpClientBenchmark -prof gc -t 1}; with the results
 * table: {@code bench/run.sh --only HttpClientBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpClientBenchmark {
  private static final byte[] BODY = {'o', 'k'};

  private HttpServer server;
  private ExecutorService serverThreads;
  private HttpClient bare;
  private HttpClient guarded;
  private Brama brama;
  private HttpRequest request;
  private String id;

  /** A loopback server answering 200 "ok", one client, and the same client wrapped. */
  @Setup
  public void setUp() throws IOException {
    // Without it the JDK server's small replies wait for the client's delayed ACK (about 40 ms on
    // Linux loopback), and every row measures that wait instead of the request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange; OutputStream body = exchange.getResponseBody()) {
        exchange.sendResponseHeaders(200, BODY.length);
        body.write(BODY);
      }
    });
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.start();
    int port = server.getAddress().getPort();
    id = "127.0.0.1:" + port;
    request = HttpRequest.newBuilder(URI.create("http://" + id + "/quote")).build();
    bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    brama = Brama.create();
    guarded = BramaHttpClient.wrap(bare, brama);
  }

  /** Fails the run if the circuit left CLOSED; stops the server and the Brama. */
  @TearDown
  public void tearDown() {
    try {
      if (brama.isRegistered(id) && brama.status(id).state() != CircuitState.CLOSED) {
        throw new IllegalStateException("the circuit left CLOSED: " + brama.status(id));
      }
    } finally {
      brama.close();
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  /** {@code client.send(GET)}: the baseline. */
  @Benchmark
  public String bareSend() throws IOException, InterruptedException {
    return bare.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** {@code BramaHttpClient.wrap(client, brama).send(GET)}. */
  @Benchmark
  public String bramaSend() throws IOException, InterruptedException {
    return guarded.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** {@code client.sendAsync(GET).join()}: the baseline. */
  @Benchmark
  public String bareSendAsync() {
    return bare.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join().body();
  }

  /** {@code BramaHttpClient.wrap(client, brama).sendAsync(GET).join()}. */
  @Benchmark
  public String bramaSendAsync() {
    return guarded.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join().body();
  }
}
