package io.brama.examples;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.HealthChecks;
import io.brama.Registration;
import io.brama.dashboard.BramaDashboard;
import io.brama.dashboard.DashboardConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The showcase: two dependencies that fail and recover, watched on the terminal and on the live
 * dashboard.
 *
 * <ul>
 *   <li>{@code payment_api}: a loopback HTTP server, called every 50 ms through {@link PaymentApi}
 *       (an interface with {@code @CircuitBreaker}; {@code brama.decorate} does the bookkeeping).
 *       It is healthy for 4 s, then answers 503 for 5 s, in a loop. The circuit opens after 3
 *       failures, backs off progressively (0.5 s, 1 s, 2 s, 4 s) and closes on the first trial
 *       after the server recovers.
 *   <li>{@code ledger_db}: a loopback TCP port with no traffic at all, watched by a health check
 *       every 500 ms. It goes away for 6 s out of every 15 s; its probes open the circuit and,
 *       once the port is back, the probe's trial closes it.
 * </ul>
 *
 * <p>Runs 60 s, then prints a summary and exits. Arguments: {@code --seconds N} to run N seconds,
 * {@code --forever} to run until Ctrl-C, {@code --port P} for the dashboard's port (default: any
 * free port).
 */
public final class Demo {
  private static final Duration CALL_EVERY = Duration.ofMillis(50);

  private Demo() {}

  /** Runs the demo; see the class comment for the arguments. */
  /** Held here: java.util.logging keeps only weak references to loggers. */
  private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
      java.util.logging.Logger.getLogger("io.brama"),
      java.util.logging.Logger.getLogger("org.eclipse.jetty"));

  public static void main(String[] args) throws Exception {
    Duration runFor = Duration.ofSeconds(60);
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forever" -> runFor = null;
        case "--seconds" -> runFor = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: java -jar brama-demo.jar [--seconds N | --forever] [--port P]");
          System.exit(2);
        }
      }
    }
    // Brama logs every transition at INFO through System.Logger; this demo prints its own lines.
    // The dashboard's Jetty logs its start and stop at INFO (through SLF4J to java.util.logging).
    QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
    Instant start = Instant.now();
    BramaConfig config = BramaConfig.builder()
        .maxAttempts(3)
        .expiryStrategy(ExpiryStrategy.progressive(
            Duration.ofMillis(500), Duration.ofSeconds(4), 2.0))
        .cleanupInterval(Duration.ofMillis(100))
        .build();
    AtomicInteger recoveries = new AtomicInteger();

    try (FlakyServer server = new FlakyServer(() -> upAt(start, 4_000, 9_000));
        FlakyDatabase database = new FlakyDatabase();
        Brama brama = Brama.create(config);
        BramaDashboard dashboard = BramaDashboard.start(brama,
            DashboardConfig.builder().port(port).build())) {
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), event -> {
        print(start, event, brama);
        if (event.newState() == CircuitState.CLOSED) {
          recoveries.incrementAndGet();
        }
      });
      // Registers "payment_api" (type http, scope payment_services) from the annotation.
      PaymentApi payments = brama.decorate(PaymentApi.class, new HttpPaymentApi(server.uri()));
      brama.register("ledger_db", Registration.builder().type("tcp").scope("storage").build());
      brama.monitor("ledger_db", HealthChecks.tcp("127.0.0.1", database.port(),
          Duration.ofMillis(300)), Duration.ofMillis(500));

      System.out.printf("[%7s] dashboard: %s%n", elapsed(start, Instant.now()), dashboard.uri());
      System.out.printf("[%7s] payment_api at %s: healthy 4 s, then 503 for 5 s, repeating%n",
          elapsed(start, Instant.now()), server.uri());
      System.out.printf("[%7s] ledger_db on tcp port %d, health-checked every 500 ms: away 6 s "
          + "of every 15 s%n", elapsed(start, Instant.now()), database.port());
      System.out.printf("[%7s] running %s%n", elapsed(start, Instant.now()),
          runFor == null ? "until Ctrl-C" : "for " + runFor.toSeconds() + " s (--forever to keep it up)");

      int ok = 0;
      int failed = 0;
      int rejected = 0;
      Instant end = runFor == null ? Instant.MAX : start.plus(runFor);
      while (Instant.now().isBefore(end)) {
        if (upAt(start, 9_000, 15_000)) {
          database.up();
        } else {
          database.down();
        }
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
      System.out.printf("[%7s] done: payment_api calls: %d succeeded, %d failed, %d were rejected "
          + "without touching the server; %s%n", elapsed(start, Instant.now()), ok, failed,
          rejected, recoveries.get() > 0 ? "circuit recovered " + recoveries.get() + " times"
              : "no circuit recovered");
    }
  }

  /** Whether a dependency with this cycle is up now: up for {@code upMillis} of every cycle. */
  private static boolean upAt(Instant start, long upMillis, long cycleMillis) {
    return Duration.between(start, Instant.now()).toMillis() % cycleMillis < upMillis;
  }

  private static void print(Instant start, BramaEvent e, Brama brama) {
    String detail = switch (e.newState()) {
      case OPEN -> {
        var s = brama.status(e.connection());
        yield "open #" + s.consecutiveOpens() + ", half-open in "
            + Duration.between(s.openedAt(), s.halfOpensAt()).toMillis() + " ms"
            + (e.reason() == null ? "" : " (" + e.reason() + ")");
      }
      case HALF_OPEN -> e.connection().equals("ledger_db") ? "the next probe is the trial"
          : "the next call is a trial";
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
