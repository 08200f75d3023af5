package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Rule F2: three instances keep calling a failing HTTP server on loopback; once the fleet is open
 * and the instances that do not probe are held, every request that reaches the server is the one
 * trial of an open period (at most one per expiry), and all come from the one instance holding the
 * lease.
 */
class SingleProbeTest extends WithRedis {
  private static final Duration EXPIRY = Duration.ofMillis(400);

  /** One request that reached the server: which instance sent it, and when. */
  private record Sent(int instance, long nanos) {}

  @Test
  void oneTrialPerExpiryForTheWholeFleet() throws Exception {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/pay", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pay");
    HttpClient http = HttpClient.newHttpClient();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    try (Fleets fleet = new Fleets(redis, 3, BramaConfig.builder().maxAttempts(3)
        .expiry(EXPIRY).build(), Duration.ofSeconds(3)).register("payment_api")) {
      await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
      for (int i = 0; i < 3; i++) {
        Brama b = fleet.get(i);
        int instance = i;
        Thread caller = new Thread(() -> {
          while (running.get()) {
            try {
              b.call("payment_api", () -> {
                sent.add(new Sent(instance, System.nanoTime()));
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

      // The fleet is open, and the two instances without the lease are held past the expiry.
      String state = fleet.namespace + ":{payment_api}:state";
      int[] holder = new int[1];
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        String h = redis.command("HGET " + state + " holder");
        if (h == null || h.isEmpty()) {
          return false;
        }
        holder[0] = Integer.parseInt(h.substring("instance-".length()));
        Instant heldPast = Instant.now().plus(EXPIRY.multipliedBy(2));
        for (int i = 0; i < 3; i++) {
          var s = fleet.get(i).status("payment_api");
          if (i != holder[0] && (s.state() != CircuitState.OPEN
              || s.halfOpensAt().isBefore(heldPast))) {
            return false;
          }
        }
        return true;
      });
      int from = sent.size();
      await().atMost(Duration.ofSeconds(20)).until(() -> sent.size() >= from + 4);
      running.set(false);
      for (Thread t : callers) {
        t.join(5_000);
      }

      List<Sent> trials = List.copyOf(sent.subList(from, sent.size()));
      System.out.println("after the fleet opened: " + trials.size() + " requests reached the "
          + "server, from instances " + trials.stream().map(Sent::instance).distinct().toList()
          + " (lease holder: " + holder[0] + ")");
      assertThat(trials).extracting(Sent::instance).containsOnly(holder[0]);
      for (int i = 1; i < trials.size(); i++) {
        assertThat(Duration.ofNanos(trials.get(i).nanos() - trials.get(i - 1).nanos()))
            .as("time between trials %d and %d", i - 1, i)
            .isGreaterThanOrEqualTo(EXPIRY.minusMillis(50));
      }
    } finally {
      running.set(false);
      server.stop(0);
    }
  }
}
