package io.brama.policy;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.policy.PolicyFixture.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.policy.PolicyFixture.Scripted;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ExpiryStrategy.withJitter: duration * (1 + f * (2u - 1)), never below 1 ms. */
class JitterTest {
  private static final Duration BASE = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private static Duration expected(Duration base, double fraction, double u) {
    return Duration.ofNanos(Math.round(base.toNanos() * (1 + fraction * (2 * u - 1))));
  }

  @Test
  void theDurationFollowsTheFormula() {
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.0)).expiryAfter(1))
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.25)).expiryAfter(1))
        .isEqualTo(Duration.ofSeconds(9));
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.5)).expiryAfter(1))
        .isEqualTo(BASE);
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.75)).expiryAfter(1))
        .isEqualTo(Duration.ofSeconds(11));
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(Math.nextDown(1.0)))
        .expiryAfter(1)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
    assertThat(ExpiryStrategy.fixed(Duration.ofMillis(1001)).withJitter(0.1, new Scripted(0.3))
        .expiryAfter(1)).isEqualTo(expected(Duration.ofMillis(1001), 0.1, 0.3));
  }

  @Test
  void seededRandomsGiveReproducibleValuesWithinBounds() {
    ExpiryStrategy jittered = ExpiryStrategy.fixed(BASE).withJitter(0.2, new SplittableRandom(42));
    SplittableRandom twin = new SplittableRandom(42);
    Duration min = BASE;
    Duration max = BASE;
    long sumMillis = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      Duration d = jittered.expiryAfter(1);
      assertThat(d).isEqualTo(expected(BASE, 0.2, twin.nextDouble()));
      assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
      min = d.compareTo(min) < 0 ? d : min;
      max = d.compareTo(max) > 0 ? d : max;
      sumMillis += d.toMillis();
    }
    assertThat(min).isLessThan(Duration.ofMillis(8100));
    assertThat(max).isGreaterThan(Duration.ofMillis(11_900));
    assertThat(sumMillis / n).isBetween(9_900L, 10_100L);
  }

  @Test
  void aJavaUtilRandomWorksToo() {
    ExpiryStrategy jittered = ExpiryStrategy.fixed(BASE).withJitter(0.5, new Random(7));
    Random twin = new Random(7);
    for (int i = 0; i < 100; i++) {
      assertThat(jittered.expiryAfter(1)).isEqualTo(expected(BASE, 0.5, twin.nextDouble()));
    }
  }

  @Test
  void theDefaultRandomStaysWithinBoundsAndVaries() {
    ExpiryStrategy jittered = ExpiryStrategy.fixed(BASE).withJitter(0.2);
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Duration d = jittered.expiryAfter(1);
      assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
      seen.add(d);
    }
    assertThat(seen.size()).isGreaterThan(100);
  }

  @Test
  void neverBelowOneMillisecond() {
    assertThat(ExpiryStrategy.fixed(Duration.ofMillis(1)).withJitter(0.5, new Scripted(0.0))
        .expiryAfter(1)).isEqualTo(Duration.ofMillis(1));
    assertThat(ExpiryStrategy.fixed(Duration.ofNanos(500)).withJitter(0.9, new Scripted(1 - 1e-9))
        .expiryAfter(1)).isEqualTo(Duration.ofMillis(1));
    assertThat(ExpiryStrategy.fixed(Duration.ofMillis(1)).withJitter(0.5, new Scripted(0.75))
        .expiryAfter(1)).isEqualTo(Duration.ofNanos(1_250_000));
  }

  @Test
  void neverBelowOneMillisecondEvenWithAZeroFraction() {
    assertThat(ExpiryStrategy.fixed(Duration.ofNanos(500)).withJitter(0.0, new Scripted(0.5))
        .expiryAfter(1)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aZeroFractionKeepsTheDuration() {
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.0, new Scripted(0.0)).expiryAfter(1))
        .isEqualTo(BASE);
    assertThat(ExpiryStrategy.fixed(BASE).withJitter(0.0).expiryAfter(3)).isEqualTo(BASE);
  }

  @Test
  void progressiveStepsAreJitteredEachTime() {
    ExpiryStrategy s = ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ofMinutes(1), 2)
        .withJitter(0.5, new Scripted(0.0, 0.5, 0.75, 0.0));
    assertThat(s.expiryAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.expiryAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.expiryAfter(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.expiryAfter(10)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void invalidFractionsAreRejected() {
    ExpiryStrategy base = ExpiryStrategy.fixed(BASE);
    assertThatThrownBy(() -> base.withJitter(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> base.withJitter(-0.01)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1), was -0.01");
    assertThatThrownBy(() -> base.withJitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1), was NaN");
    assertThatThrownBy(() -> base.withJitter(1.5, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1), was 1.5");
    assertThatThrownBy(() -> base.withJitter(0.2, (RandomGenerator) null))
        .isInstanceOf(NullPointerException.class).hasMessage("random must not be null");
    assertThat(base.withJitter(0.999).expiryAfter(1)).isPositive();
  }

  // ---- in the engine ----

  private void start(ExpiryStrategy strategy) {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().maxAttempts(1)
        .expiryStrategy(strategy));
    brama.register(ID);
  }

  @Test
  void halfOpensAtShowsTheJitteredInstant() {
    start(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.75))); // 11 s
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    brama.failure(ID, "down");

    ConnectionStatus s = brama.status(ID);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(11));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(11));

    clock.advance(Duration.ofSeconds(11).minusMillis(1));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    clock.advance(Duration.ofMillis(1));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(brama.status(ID).halfOpensAt()).isEqualTo(T0.plusSeconds(11));
    awaitUntil(() -> rec.events().size() == 2);
    assertThat(rec.events().get(1).timestamp()).isEqualTo(T0.plusSeconds(11));
  }

  @Test
  void aShorterJitterHalfOpensBeforeTheBaseExpiry() {
    start(ExpiryStrategy.fixed(BASE).withJitter(0.2, new Scripted(0.25))); // 9 s
    brama.failure(ID);
    clock.advance(Duration.ofSeconds(9));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void theStrategyIsCalledOncePerOpen() {
    Scripted random = new Scripted(0.0, Math.nextDown(1.0), 0.5);
    start(ExpiryStrategy.fixed(BASE).withJitter(0.2, random));
    brama.failure(ID, "down");
    assertThat(random.calls).hasValue(1);
    assertThat(brama.status(ID).halfOpensAt()).isEqualTo(T0.plusSeconds(8));

    for (int i = 0; i < 5; i++) {
      brama.status(ID);
      brama.circuit(ID).state();
      assertThat(brama.available(ID)).isFalse();
      assertThat(brama.tryAcquire(ID).granted()).isFalse();
      assertThatThrownBy(() -> brama.call(ID, () -> "x")).isInstanceOf(CircuitOpenException.class);
      brama.failure(ID, "late");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(random.calls).as("no draw without a new open").hasValue(1);
    assertThat(brama.status(ID).halfOpensAt()).isEqualTo(T0.plusSeconds(8));

    clock.set(T0.plusSeconds(8));
    brama.tryAcquire(ID).failure("trial failed"); // the second open, at T0 + 8 s
    assertThat(random.calls).hasValue(2);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.halfOpensAt()).isBetween(T0.plusSeconds(8).plusMillis(11_999),
        T0.plusSeconds(20));
  }

  @Test
  void connectionsOpenedTogetherHalfOpenAtDifferentInstants() {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().maxAttempts(1)
        .expiryStrategy(ExpiryStrategy.fixed(BASE).withJitter(0.2, new SplittableRandom(3))));
    Set<java.time.Instant> instants = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      brama.register("c" + i);
      brama.failure("c" + i);
      instants.add(brama.status("c" + i).halfOpensAt());
    }
    assertThat(instants).hasSizeGreaterThan(5)
        .allSatisfy(t -> assertThat(t).isBetween(T0.plusSeconds(8), T0.plusSeconds(12)));
  }

  @Test
  void anExplicitOpenDurationIsNotJittered() {
    Scripted random = new Scripted(0.0);
    start(ExpiryStrategy.fixed(BASE).withJitter(0.2, random));
    brama.open(ID, "retry-after", Duration.ofSeconds(30));
    assertThat(brama.status(ID).halfOpensAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(random.calls).hasValue(0);
  }
}
