package io.brama.benchmarks;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.CircuitOpenException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * The rejection cost on an open circuit (opened for a day, so it stays OPEN for the whole trial):
 * Brama's {@code call} (throws {@link CircuitOpenException}) and {@code tryAcquire} (no exception)
 * against the peers' rejection paths, default configurations otherwise (Resilience4j fills the
 * stack trace of its {@link CallNotPermittedException} by default).
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar OpenCircuitBenchmark -prof gc -t 1} (and {@code -t 2});
 * both thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only OpenCircuitBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpenCircuitBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> ACTION = () -> 42;
  private static final Supplier<Integer> SUPPLIER = () -> 42;
  private static final CheckedSupplier<Integer> CHECKED = () -> 42;
  private static final Duration LONG = Duration.ofDays(1);

  private Brama brama;
  private CircuitBreaker r4j;
  private dev.failsafe.CircuitBreaker<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private String id;

  /** Opens one breaker of each library for a day. */
  @Setup
  public void setUp() {
    brama = Brama.create();
    brama.register("svc");
    brama.open("svc", "benchmark", LONG);
    r4j = CircuitBreaker.of("svc", CircuitBreakerConfig.custom().waitDurationInOpenState(LONG)
        .build());
    r4j.transitionToOpenState();
    failsafe = dev.failsafe.CircuitBreaker.<Integer>builder().withDelay(LONG).build();
    failsafe.open();
    failsafeExecutor = Failsafe.with(failsafe);
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  /** Stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    brama.close();
  }

  /** Brama {@code call}: rejected with a {@link CircuitOpenException} (no stack trace). */
  @Benchmark
  public Object bramaCall() {
    try {
      return brama.call(id, ACTION);
    } catch (CircuitOpenException e) {
      return e;
    }
  }

  /** Brama {@code tryAcquire}: a refused permit, no exception. */
  @Benchmark
  public boolean bramaTryAcquire() {
    return brama.tryAcquire(id).granted();
  }

  /** Resilience4j {@code executeSupplier}: rejected with a {@link CallNotPermittedException}. */
  @Benchmark
  public Object r4jExecute() {
    try {
      return r4j.executeSupplier(SUPPLIER);
    } catch (CallNotPermittedException e) {
      return e;
    }
  }

  /** Resilience4j {@code tryAcquirePermission}: false. */
  @Benchmark
  public boolean r4jPermit() {
    return r4j.tryAcquirePermission();
  }

  /** Failsafe {@code executor.get}: rejected with a {@link CircuitBreakerOpenException}. */
  @Benchmark
  public Object failsafeGet() {
    try {
      return failsafeExecutor.get(CHECKED);
    } catch (CircuitBreakerOpenException e) {
      return e;
    }
  }

  /** Failsafe {@code tryAcquirePermit}: false. */
  @Benchmark
  public boolean failsafePermit() {
    return failsafe.tryAcquirePermit();
  }
}
