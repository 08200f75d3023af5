package io.brama.examples;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConfigKeys;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.Subscription;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Snippets kept here so that they compile, each method one snippet: {@link #quickStart} is the
 * README's quick start, {@link #configuration} and {@link #testClock} are in docs/configuration.md,
 * {@link #failurePolicies} in docs/failure-policies.md, {@link #events} in docs/events.md.
 */
@SuppressWarnings("unused")
final class QuickStart {
  private QuickStart() {}

  /** Stand-in for the user's HTTP client. */
  interface PaymentClient {
    String pay(String order) throws IOException;

    CompletableFuture<String> payAsync(String order);
  }

  static void quickStart(PaymentClient client) throws IOException {
    try (Brama brama = Brama.create()) {                       // defaults: 10 failures, 60 s open
      brama.register("payment_api",
          Registration.builder().type("http").scope("payment_services").build());

      // 1. By hand, as in the original Brama
      if (brama.available("payment_api")) {
        try {
          String receipt = client.pay("order-1");
          brama.success("payment_api");
        } catch (IOException e) {
          brama.failure("payment_api", e);
        }
      } else {
        // fallback: the payment API is known to be down
      }

      // 2. Decorated: the bookkeeping is done for you
      try {
        String receipt = brama.call("payment_api", () -> client.pay("order-2"));
      } catch (CircuitOpenException e) {
        Duration wait = e.retryAfter();                        // no stack trace: cheap
      }

      // 3. Asynchronous: recorded when the stage completes
      CompletableFuture<String> later = brama.callAsync("payment_api",
          () -> client.payAsync("order-3"));

      // 4. A permit, for code that cannot be wrapped in a lambda
      Permit permit = brama.tryAcquire("payment_api");
      if (permit.granted()) {
        try {
          client.pay("order-4");
          permit.success();
        } catch (IOException e) {
          permit.failure(e);
        }
      }
    }
  }

  static void configuration() {
    BramaConfig config = BramaConfig.builder()
        .maxAttempts(5)
        .expiryStrategy(ExpiryStrategy.progressive(
            Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0))  // 5 s, 10 s, 20 s ... 5 min
        .halfOpenTrials(1)
        .build();
    try (Brama brama = Brama.create(config)) {
      brama.register("flaky_service", Registration.builder()
          .config(ConnectionConfig.builder().maxAttempts(3).expiry(Duration.ofSeconds(30)).build())
          .build());
      brama.configure("flaky_service", ConnectionConfig.builder().maxAttempts(2).build());

      // Only the errors that say something about the remote system count
      String r = brama.call("flaky_service",
          (result, error) -> error instanceof IllegalArgumentException
              ? Outcome.ignore()
              : error == null ? Outcome.success() : Outcome.failure(error),
          () -> "ok");

      // A server said "Retry-After: 120": open for exactly that long
      brama.open("flaky_service", "HTTP 429", Duration.ofSeconds(120));
      ConnectionStatus status = brama.status("flaky_service");
      brama.reset("flaky_service");
    }
  }

  static void permitForLaterWork(Brama brama, CompletableFuture<String> exchange) {
    Permit permit = brama.tryAcquire("payment_api");        // times itself where slow calls are measured
    if (permit.granted()) {
      Permit.Timeout timeout = permit.onTimeout(exchange::completeExceptionally); // callTimeout, Brama's clock
      exchange.whenComplete((response, error) -> {
        if (timeout.cancel()) {                               // false: the timeout fired and recorded
          permit.complete(response, error);                   // classified exactly as call would
        }
      });
    }
  }

  static ConnectionConfig configKeys() {
    ConfigKeys.Reading<BramaConfig> reading =
        ConfigKeys.readDefaults(Map.of("max-attempts", "5", "expiry", "30s"), key -> "BRAMA_" + key);
    BramaConfig config = reading.orThrow(); // or look at reading.problems()
    ConfigKeys.Reading<ConnectionConfig> payment = ConfigKeys.readConnection(
        Map.of("failure-rate-threshold", 20), Map.of("failure-policy", "rate", "window-size", 50),
        key -> "payment_api." + key);
    return payment.orThrow();
  }

  static BramaConfig failurePolicies() {
    BramaConfig config = BramaConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 20, 10))            // >= 50 % of the last 20 calls, once 10 are in
        .slowCall(Duration.ofSeconds(2), 80)                       // and >= 80 % slower than 2 s
        .ignoreExceptions(IllegalArgumentException.class)          // validation errors say nothing
        .callTimeout(Duration.ofSeconds(5))                        // async calls fail after 5 s
        .expiryStrategy(ExpiryStrategy.fixed(Duration.ofSeconds(30)).withJitter(0.2))  // 24-36 s
        .build();
    return config;
  }

  static void events(Brama brama) {
    Subscription subscription = brama.subscribe(
        EventFilter.of(EventType.STATE_CHANGE).scope("payment_services"),
        event -> System.out.printf("%s %s -> %s at %s%n", event.connection(),
            event.previousState(), event.newState(), event.timestamp()));
    // ...
    subscription.close();
    boolean open = brama.circuit("payment_api").state() == CircuitState.OPEN;
  }

  static void testClock() {
    ManualClock clock = new ManualClock();
    try (Brama brama = Brama.builder().clock(clock).build()) {
      clock.advance(Duration.ofSeconds(60));
    }
  }
}
