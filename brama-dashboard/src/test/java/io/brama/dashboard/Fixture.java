package io.brama.dashboard;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.ExpiryStrategy;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A Brama on a {@link ManualClock} (3 failures open a circuit for 30 s) with a dashboard on a free
 * loopback port. Closing it closes both.
 */
final class Fixture implements AutoCloseable {
  static final Duration EXPIRY = Duration.ofSeconds(30);

  final ManualClock clock = new ManualClock();
  final Brama brama;
  final BramaDashboard dashboard;
  final Api api;

  Fixture(DashboardConfig config) {
    this(config, false);
  }

  /**
   * With {@code countCalls} the Brama counts calls (the plots have samples); the dashboard's clock is
   * the Brama's manual clock whatever {@code config} says.
   */
  Fixture(DashboardConfig config, boolean countCalls) {
    this.brama = Brama.builder().clock(clock).countCalls(countCalls)
        .config(BramaConfig.builder().maxAttempts(3).expiryStrategy(ExpiryStrategy.fixed(EXPIRY))
            .build())
        .build();
    try {
      this.dashboard = BramaDashboard.start(brama, config.withClock(clock));
    } catch (IOException e) {
      brama.close();
      throw new UncheckedIOException(e);
    }
    this.api = new Api(dashboard);
  }

  /** A read-only dashboard with the defaults, on a Brama that counts calls. */
  static Fixture counting() {
    return new Fixture(DashboardConfig.defaults(), true);
  }

  /** A read-only dashboard with the defaults. */
  Fixture() {
    this(DashboardConfig.defaults());
  }

  /** Registers {@code id} with a type and scope. */
  void register(String id, String type, String scope) {
    brama.register(id, Registration.builder().type(type).scope(scope).build());
  }

  /** Reports failures until the circuit of {@code id} opens, the last one with {@code reason}. */
  void openByFailures(String id, Object reason) {
    for (int i = 0; i < 3; i++) {
      brama.failure(id, reason);
    }
  }

  @Override
  public void close() {
    try {
      dashboard.close();
    } finally {
      brama.close();
    }
  }
}
