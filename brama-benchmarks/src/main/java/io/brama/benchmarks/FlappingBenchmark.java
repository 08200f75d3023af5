package io.brama.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * A flapping circuit: each operation is one failing call (CLOSED to OPEN), a step of the manual
 * clock past the open period, and one successful call (OPEN to HALF_OPEN, the trial, HALF_OPEN to
 * CLOSED): three state changes per operation on one circuit shared by all threads (at 2 threads
 * some calls are rejected instead, as in production). The clock step (an {@link Instant} allocated
 * by {@link ManualClock#advance}) is part of every variant's cost.
 *
 * <p>Brama: {@code maxAttempts(1)}, expiry 1 s, one trial, on a {@link ManualClock}; its INFO log of
 * state changes is switched off for the benchmark (a console line per transition would be measured
 * instead). With nobody watching, no timer makes the move to HALF_OPEN: the successful call does
 * (docs/state-machine.md#from-open-to-half_open). {@link #bramaWatched} is the same circuit with a
 * subscriber to STATE_CHANGE events (delivered on the calling thread), so that the wake-up timer
 * makes the move during the clock step and every state change is built and delivered. Resilience4j: a window of 1 call, 50 %, 1 s open, one half-open call, on the same clock.
 * Failsafe has no injectable clock: threshold 1 and a zero delay, so OPEN turns HALF_OPEN at the
 * next permit request.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar FlappingBenchmark -prof gc -t 1} (and {@code -t 2});
 * both thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only FlappingBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FlappingBenchmark {
  private static final Duration EXPIRY = Duration.ofSeconds(1);
  /** Past the open period (Resilience4j needs strictly after). */
  private static final Duration STEP = EXPIRY.plusMillis(1);
  private static final RuntimeException FAILURE = FailureMixBenchmark.FAILURE;
  private static final CheckedCallable<Integer, RuntimeException> OK = () -> 42;
  private static final CheckedCallable<Integer, RuntimeException> FAILING = () -> {
    throw FAILURE;
  };
  private static final Supplier<Integer> OK_SUPPLIER = () -> 42;
  private static final Supplier<Integer> FAILING_SUPPLIER = () -> {
    throw FAILURE;
  };
  private static final CheckedSupplier<Integer> OK_CHECKED = () -> 42;
  private static final CheckedSupplier<Integer> FAILING_CHECKED = () -> {
    throw FAILURE;
  };

  /** A {@link Clock} view of the manual clock, for Resilience4j. */
  static final class ManualJavaClock extends Clock {
    private final ManualClock source;

    ManualJavaClock(ManualClock source) {
      this.source = source;
    }

    @Override
    public Instant instant() {
      return source.instant();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final Logger bramaLog = Logger.getLogger("io.brama");
  private ManualClock clock;
  private Brama brama;
  private Brama watched;
  private final LongAdder stateChanges = new LongAdder();
  private CircuitBreaker r4j;
  private dev.failsafe.CircuitBreaker<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private String id;

  /** One flapping-prone breaker per library; checks that one operation crosses all states. */
  @Setup
  public void setUp() {
    bramaLog.setLevel(Level.WARNING);
    clock = new ManualClock();
    brama = Brama.builder().clock(clock).build();
    brama.register("svc", Registration.builder().config(ConnectionConfig.builder()
        .maxAttempts(1).expiry(EXPIRY).halfOpenTrials(1).build()).build());
    watched = Brama.builder().clock(clock).eventExecutor(Runnable::run).build();
    watched.register("svc", Registration.builder().config(ConnectionConfig.builder()
        .maxAttempts(1).expiry(EXPIRY).halfOpenTrials(1).build()).build());
    watched.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> stateChanges.increment());
    r4j = CircuitBreaker.of("svc", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(1).minimumNumberOfCalls(1).failureRateThreshold(50)
        .waitDurationInOpenState(EXPIRY).permittedNumberOfCallsInHalfOpenState(1)
        .clock(new ManualJavaClock(clock)).build());
    failsafe = dev.failsafe.CircuitBreaker.<Integer>builder().withFailureThreshold(1)
        .withDelay(Duration.ZERO).build();
    failsafeExecutor = Failsafe.with(failsafe);
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
    check();
  }

  private void check() {
    swallow(() -> brama.call(id, FAILING));
    swallow(() -> watched.call(id, FAILING));
    swallow(() -> r4j.executeSupplier(FAILING_SUPPLIER));
    swallow(() -> failsafeExecutor.get(FAILING_CHECKED));
    if (brama.circuit(id).state() != CircuitState.OPEN
        || watched.circuit(id).state() != CircuitState.OPEN || r4j.getState() != CircuitBreaker.State.OPEN || !failsafe.isOpen()) {
      throw new IllegalStateException("a failure did not open every circuit");
    }
    clock.advance(STEP);
    brama.call(id, OK);
    watched.call(id, OK);
    r4j.executeSupplier(OK_SUPPLIER);
    failsafeExecutor.get(OK_CHECKED);
    if (brama.circuit(id).state() != CircuitState.CLOSED
        || watched.circuit(id).state() != CircuitState.CLOSED
        || stateChanges.sum() != 3 || r4j.getState() != CircuitBreaker.State.CLOSED || !failsafe.isClosed()) {
      throw new IllegalStateException("a success after the open period did not close every circuit");
    }
    if (brama() != 42 || bramaWatched() != 42 || r4j() != 42 || failsafe() != 42) {
      throw new IllegalStateException("a cycle was rejected");
    }
  }

  private static void swallow(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      if (e != FAILURE) {
        throw e;
      }
    }
  }

  /** Stops the Brama's timer; restores the log level. */
  @TearDown
  public void tearDown() {
    brama.close();
    watched.close();
    bramaLog.setLevel(null);
  }

  /** Brama {@code brama.call(id, action)}: fail, step the clock, succeed. */
  @Benchmark
  public int brama() {
    try {
      brama.call(id, FAILING);
    } catch (RuntimeException e) {
      // the failure, or a rejection
    }
    clock.advance(STEP);
    try {
      return brama.call(id, OK);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * Brama with a STATE_CHANGE subscriber: fail, step the clock (the timer moves to HALF_OPEN),
   * succeed; three events built and delivered per operation.
   */
  @Benchmark
  public int bramaWatched() {
    try {
      watched.call(id, FAILING);
    } catch (RuntimeException e) {
      // the failure, or a rejection
    }
    clock.advance(STEP);
    try {
      return watched.call(id, OK);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Resilience4j {@code executeSupplier}: fail, step the clock, succeed. */
  @Benchmark
  public int r4j() {
    try {
      r4j.executeSupplier(FAILING_SUPPLIER);
    } catch (RuntimeException e) {
      // the failure, or a rejection
    }
    clock.advance(STEP);
    try {
      return r4j.executeSupplier(OK_SUPPLIER);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Failsafe {@code executor.get}: fail, step the clock (unused: zero delay), succeed. */
  @Benchmark
  public int failsafe() {
    try {
      failsafeExecutor.get(FAILING_CHECKED);
    } catch (RuntimeException e) {
      // the failure, or a rejection
    }
    clock.advance(STEP);
    try {
      return failsafeExecutor.get(OK_CHECKED);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
