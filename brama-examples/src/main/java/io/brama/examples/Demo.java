package io.brama.examples;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitOpenException;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Calls a flaky loopback HTTP server through a Brama-decorated interface and prints every state change.
 *
 * <p>The application calls the server through {@link PaymentApi}, an interface whose method carries
 * {@code @CircuitBreaker}: {@code brama.decorate} does all the bookkeeping. The server is healthy for 1.5 s, down for 6 s, then healthy again. The circuit opens after 3
 * failures in a row, backs off progressively (0.5 s, 1 s, 2 s, 4 s) while the trial calls keep
 * failing, and closes on the first trial after the server recovers. The demo exits by itself.
 */
public final class Demo {
  private static final Duration HEALTHY_FOR = Duration.ofMillis(1500);
  private static final Duration DOWN_FOR = Duration.ofSeconds(6);
  private static final Duration CALL_EVERY = Duration.ofMillis(50);
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(25);

  private Demo() {}

  /** Runs the demo; no arguments. */
  public static void main(String[] args) throws Exception {
    // Brama logs every transition at INFO through System.Logger; this demo prints its own lines.
    java.util.logging.Logger.getLogger("io.brama").setLevel(java.util.logging.Level.WARNING);
    Instant start = Instant.now();
    Instant downAt = start.plus(HEALTHY_FOR);
    Instant upAt = downAt.plus(DOWN_FOR);
    BramaConfig config = BramaConfig.builder()
        .maxAttempts(3)
        .expiryStrategy(ExpiryStrategy.progressive(
            Duration.ofMillis(500), Duration.ofSeconds(4), 2.0))
        .cleanupInterval(Duration.ofMillis(100))
        .build();
    CountDownLatch recovered = new CountDownLatch(1);

    try (FlakyServer server = new FlakyServer(() -> {
          Instant now = Instant.now();
          return now.isBefore(downAt) || !now.isBefore(upAt);
        });
        Brama brama = Brama.create(config)) {
      // Registers "payment_api" (type http, scope payment_services) from the annotation.
      PaymentApi payments = brama.decorate(PaymentApi.class, new HttpPaymentApi(server.uri()));
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), event -> {
        print(start, event, brama);
        if (event.newState() == io.brama.CircuitState.CLOSED) {
          recovered.countDown();
        }
      });
      System.out.printf("[%7s] server at %s: healthy for %s, then down for %s%n",
          elapsed(start, Instant.now()), server.uri(), HEALTHY_FOR.toMillis() + " ms",
          DOWN_FOR.toMillis() + " ms");

      int ok = 0;
      int failed = 0;
      int rejected = 0;
      Instant deadline = start.plus(GIVE_UP_AFTER);
      while (recovered.getCount() > 0 && Instant.now().isBefore(deadline)) {
        try {
          payments.pay("order-" + (ok + failed + rejected));
          ok++;
        } catch (CircuitOpenException e) {
          rejected++;
        } catch (IOException e) {
          failed++;
        }
        // Pacing the client, not synchronisation: one call every 50 ms.
        TimeUnit.MILLISECONDS.sleep(CALL_EVERY.toMillis());
      }
      boolean closedAgain = recovered.await(2, TimeUnit.SECONDS);
      System.out.printf("[%7s] done: %d calls succeeded, %d failed, %d were rejected without "
          + "touching the server; circuit %s%n", elapsed(start, Instant.now()), ok, failed,
          rejected, closedAgain ? "recovered" : "did not recover in time");
    }
  }

  private static void print(Instant start, BramaEvent e, Brama brama) {
    String detail = switch (e.newState()) {
      case OPEN -> {
        var s = brama.status(e.connection());
        yield "open #" + s.consecutiveOpens() + ", half-open in "
            + Duration.between(s.openedAt(), s.halfOpensAt()).toMillis() + " ms"
            + (e.reason() == null ? "" : " (" + e.reason() + ")");
      }
      case HALF_OPEN -> "next call is a trial";
      case CLOSED -> "trial succeeded";
    };
    System.out.printf("[%7s] %s %s -> %s: %s%n", elapsed(start, e.timestamp()), e.connection(),
        e.previousState(), e.newState(), detail);
  }

  private static String elapsed(Instant start, Instant at) {
    long ms = Duration.between(start, at).toMillis();
    return String.format("+%d.%03ds", ms / 1000, ms % 1000);
  }
}
