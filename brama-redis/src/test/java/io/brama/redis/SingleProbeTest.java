package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Rule 2: three instances keep calling a failing HTTP server on loopback; once the fleet is open,
 * every request that reaches the server is the one trial of an open period, made by one instance.
 */
class SingleProbeTest extends WithRedis {

  @Test
  void oneTrialPerExpiryForTheWholeFleet() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/pay", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pay");
    HttpClient http = HttpClient.newHttpClient();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    try (Fleets fleet = new Fleets(redis, 3, BramaConfig.builder().maxAttempts(3)
        .expiry(Duration.ofMillis(400)).build(), Duration.ofSeconds(3)).register("payment_api")) {
      await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
      List<AtomicInteger> halfOpens = new ArrayList<>();
      for (Brama b : fleet.instances) {
        AtomicInteger n = new AtomicInteger();
        halfOpens.add(n);
        b.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> {
          if (e.newState() == CircuitState.HALF_OPEN) {
            n.incrementAndGet();
          }
        });
        Thread caller = new Thread(() -> {
          while (running.get()) {
            try {
              b.call("payment_api", () -> {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                  throw new IOException("HTTP " + r.statusCode());
                }
                return null;
              });
            } catch (InterruptedException e) {
              return;
            } catch (Exception refusedOrFailed) {
              // CircuitOpenException or the IOException: the caller moves on
            }
            LockSupport.parkNanos(2_000_000); // a steady stream of calls, not a busy loop
          }
        });
        callers.add(caller);
        caller.start();
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.all("payment_api", CircuitState.OPEN));
      int before = requests.get();
      List<Integer> halfOpensBefore = halfOpens.stream().map(AtomicInteger::get).toList();
      int totalBefore = halfOpensBefore.stream().mapToInt(Integer::intValue).sum();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          halfOpens.stream().mapToInt(AtomicInteger::get).sum() >= totalBefore + 4);
      running.set(false);
      for (Thread t : callers) {
        t.join(5_000);
      }

      int trials = requests.get() - before;
      List<Integer> perInstance = new ArrayList<>();
      for (int i = 0; i < halfOpens.size(); i++) {
        perInstance.add(halfOpens.get(i).get() - halfOpensBefore.get(i));
      }
      System.out.println("after the fleet opened: " + trials + " requests reached the server; "
          + "half-open periods per instance since then " + perInstance);
      assertThat(perInstance.stream().filter(n -> n > 0).count()).as("instances that probed")
          .isEqualTo(1);
      assertThat(trials).isEqualTo(perInstance.stream().mapToInt(Integer::intValue).sum());
    } finally {
      running.set(false);
      server.stop(0);
    }
  }
}
