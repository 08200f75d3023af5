package io.brama.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.CircuitState;
import io.brama.Permit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
 * A failure-heavy mix on a closed circuit: every tenth call of each thread fails (a preallocated
 * exception without a stack trace, so the breaker's cost is measured, not the exception's), and the
 * threshold is never reached: Brama's default (10 consecutive failures), Resilience4j's default (50
 * % of the last 100 calls), Failsafe with {@code withFailureThreshold(10)} (its default opens at the
 * first failure). The tear-down checks that every circuit is still closed.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar FailureMixBenchmark -prof gc -t 1} (and {@code -t 2});
 * both thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only FailureMixBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FailureMixBenchmark {
  /** The failure: preallocated, no stack trace. */
  static final RuntimeException FAILURE = new RuntimeException("down", null, false, false) { };
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

  /** Each thread's call counter: every tenth call fails. */
  @State(Scope.Thread)
  public static class Tick {
    int n;

    boolean fails() {
      if (++n == 10) {
        n = 0;
        return true;
      }
      return false;
    }
  }

  private Brama brama;
  private CircuitBreaker r4j;
  private dev.failsafe.CircuitBreaker<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private String id;

  /** Default breakers (Failsafe: 10 consecutive failures). */
  @Setup
  public void setUp() {
    brama = Brama.create();
    brama.register("svc");
    r4j = CircuitBreaker.ofDefaults("svc");
    failsafe = dev.failsafe.CircuitBreaker.<Integer>builder().withFailureThreshold(10).build();
    failsafeExecutor = Failsafe.with(failsafe);
    id = "svc"; // a field, so the JIT cannot fold the name lookup away
  }

  /** Checks that no threshold was reached, then stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    try {
      if (brama.circuit(id).state() != CircuitState.CLOSED || !failsafe.isClosed()
          || r4j.getState() != CircuitBreaker.State.CLOSED) {
        throw new IllegalStateException("a threshold was reached: the mix is not what it claims");
      }
    } finally {
      brama.close();
    }
  }

  /** Brama {@code brama.call(id, action)}. */
  @Benchmark
  public int bramaCall(Tick t) {
    try {
      return brama.call(id, t.fails() ? FAILING : OK);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Brama {@code tryAcquire(id)} + {@code permit.success()} or {@code permit.failure(e)}. */
  @Benchmark
  public boolean bramaPermit(Tick t) {
    Permit p = brama.tryAcquire(id);
    if (t.fails()) {
      p.failure(FAILURE);
    } else {
      p.success();
    }
    return p.granted();
  }

  /** Brama {@code available(id)} + {@code success(id)} or {@code failure(id, e)}. */
  @Benchmark
  public boolean bramaAvailable(Tick t) {
    boolean ok = brama.available(id);
    if (t.fails()) {
      brama.failure(id, FAILURE);
    } else {
      brama.success(id);
    }
    return ok;
  }

  /** Resilience4j {@code executeSupplier}. */
  @Benchmark
  public int r4jExecute(Tick t) {
    try {
      return r4j.executeSupplier(t.fails() ? FAILING_SUPPLIER : OK_SUPPLIER);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Resilience4j {@code tryAcquirePermission} + {@code onSuccess} or {@code onError} (duration 0). */
  @Benchmark
  public boolean r4jPermit(Tick t) {
    boolean ok = r4j.tryAcquirePermission();
    if (t.fails()) {
      r4j.onError(0, TimeUnit.NANOSECONDS, FAILURE);
    } else {
      r4j.onSuccess(0, TimeUnit.NANOSECONDS);
    }
    return ok;
  }

  /** Failsafe {@code executor.get}. */
  @Benchmark
  public int failsafeGet(Tick t) {
    try {
      return failsafeExecutor.get(t.fails() ? FAILING_CHECKED : OK_CHECKED);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Failsafe {@code tryAcquirePermit} + {@code recordSuccess} or {@code recordFailure}. */
  @Benchmark
  public boolean failsafePermit(Tick t) {
    boolean ok = failsafe.tryAcquirePermit();
    if (t.fails()) {
      failsafe.recordFailure();
    } else {
      failsafe.recordSuccess();
    }
    return ok;
  }
}
